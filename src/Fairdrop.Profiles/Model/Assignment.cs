namespace Fairdrop.Profiles.Model;

/// <summary>An image sent to a network (<c>assign</c>: ours; <c>restore</c>: the previous one), by hash and size.</summary>
public sealed record Assignment(Guid Id, Guid RotationId, string Action, string? MediaType, string? ImageSha256, long Bytes, DateTimeOffset AssignedAt);
