namespace Fairdrop.Profiles.Imaging;

/// <summary>An avatar ready to send: its bytes, media type and side in pixels.</summary>
internal sealed record EncodedAvatar(byte[] Bytes, string MediaType, int Size);
