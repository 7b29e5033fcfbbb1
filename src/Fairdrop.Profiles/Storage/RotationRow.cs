using Fairdrop.Profiles.Model;

namespace Fairdrop.Profiles.Storage;

/// <summary>A rotation with what the API does not show: the previous avatar's bytes and the lease.</summary>
internal sealed class RotationRow
{
    public const string Columns = """
        id AS Id, merchant_id AS MerchantId, profile_id AS ProfileId, rule AS Rule, subject AS Subject, hours AS Hours, image_url AS ImageUrl,
        badge_text AS BadgeText, state AS State, reason AS Reason, attempts AS Attempts, next_attempt_at AS NextAttemptAt, ends_at AS EndsAt,
        previous_saved AS PreviousSaved, previous_avatar AS PreviousAvatar, previous_media_type AS PreviousMediaType,
        lease_owner AS LeaseOwner, lease_expires_at AS LeaseExpiresAt, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    public Guid Id { get; set; }

    public Guid MerchantId { get; set; }

    public Guid ProfileId { get; set; }

    public string Rule { get; set; } = RotationStates.Manual;

    public string? Subject { get; set; }

    public int? Hours { get; set; }

    public string ImageUrl { get; set; } = string.Empty;

    public string? BadgeText { get; set; }

    public string State { get; set; } = RotationStates.Waiting;

    public string? Reason { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? EndsAt { get; set; }

    public bool PreviousSaved { get; set; }

    public byte[]? PreviousAvatar { get; set; }

    public string? PreviousMediaType { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Rotation ToRotation() => new(
        Id, ProfileId, Rule, Subject, Hours, ImageUrl, BadgeText, State, Reason, Attempts, NextAttemptAt, EndsAt, PreviousSaved, CreatedAt, UpdatedAt);
}
