namespace Fairdrop.Profiles.Model;

/// <summary>
/// One change of a profile's avatar and its way back. <c>state</c>: waiting (for its moment), assigning, active,
/// restoring, restored, restore_failed (needs the merchant: see <c>reason</c>), failed (nothing changed), cancelled.
/// </summary>
public sealed record Rotation(
    Guid Id, Guid ProfileId, string Rule, string? Subject, int? Hours, string ImageUrl, string? BadgeText, string State, string? Reason,
    int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? EndsAt, bool PreviousSaved, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
