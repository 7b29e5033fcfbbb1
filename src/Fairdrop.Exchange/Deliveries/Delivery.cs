namespace Fairdrop.Exchange.Deliveries;

/// <summary>One recipient's share of a distribution: the chosen channel and time, or the reason it was dropped, its progress, and for SMS its encoding and segment count.</summary>
public sealed record Delivery(
    Guid Id,
    Guid MerchantId,
    Guid DistributionId,
    Guid RecipientId,
    string? Topic,
    string? Channel,
    string? FallbackChannel,
    string Status,
    string? Reason,
    DateTimeOffset SendAt,
    DateTimeOffset NextAttemptAt,
    long Attempts,
    DateTimeOffset? SentAt,
    string? LastError,
    string? ProviderId,
    DateTimeOffset CreatedAt,
    long? Segments = null,
    string? Encoding = null);
