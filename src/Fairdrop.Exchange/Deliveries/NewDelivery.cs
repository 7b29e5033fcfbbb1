namespace Fairdrop.Exchange.Deliveries;

/// <summary>A delivery row written by matching.</summary>
internal sealed record NewDelivery(
    Guid Id, Guid MerchantId, Guid DistributionId, Guid RecipientId, string? Topic, string? Channel, string? FallbackChannel,
    string Status, string? Reason, DateTimeOffset SendAt, DateTimeOffset CreatedAt);
