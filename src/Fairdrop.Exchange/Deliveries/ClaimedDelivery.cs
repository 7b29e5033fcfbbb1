namespace Fairdrop.Exchange.Deliveries;

/// <summary>A delivery the dispatcher has marked <c>sending</c> and now owns until its claim expires.</summary>
internal sealed record ClaimedDelivery(Guid Id, Guid MerchantId, Guid DistributionId, Guid RecipientId, string Channel, string? FallbackChannel, long Attempts);
