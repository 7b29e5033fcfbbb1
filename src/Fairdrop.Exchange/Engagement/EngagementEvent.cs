namespace Fairdrop.Exchange.Engagement;

/// <summary>One engagement event: which delivery (of which distribution, to whom), on which channel and device, when, and a detail (a link, an error code).</summary>
public sealed record EngagementEvent(
    Guid Id,
    Guid MerchantId,
    Guid? DeliveryId,
    Guid? DistributionId,
    Guid? RecipientId,
    string Channel,
    string Kind,
    string? Device,
    string? Detail,
    DateTimeOffset OccurredAt);
