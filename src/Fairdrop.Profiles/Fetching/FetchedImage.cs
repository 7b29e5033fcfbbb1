namespace Fairdrop.Profiles.Fetching;

/// <summary>An image body that passed the sniff and the header checks: its bytes, sniffed media type and dimensions.</summary>
internal sealed record FetchedImage(byte[] Bytes, string MediaType, int Width, int Height);
