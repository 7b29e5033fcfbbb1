namespace Fairdrop.Profiles.Networks;

/// <summary>The avatar a profile shows now: its bytes, or none (the network's default picture).</summary>
internal sealed record CurrentAvatar(byte[]? Bytes, string? MediaType);
