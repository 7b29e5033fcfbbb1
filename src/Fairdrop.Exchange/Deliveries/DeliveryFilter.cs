namespace Fairdrop.Exchange.Deliveries;

/// <summary>Filters of the deliveries list; all optional, combined with AND.</summary>
public sealed record DeliveryFilter(Guid? DistributionId = null, Guid? RecipientId = null, string? Status = null, string? Channel = null);
