namespace Fairdrop.Exchange.Engagement;

/// <summary>Just enough of a delivery to attach an event to it.</summary>
internal sealed record DeliveryRef(Guid Id, Guid MerchantId, Guid DistributionId, Guid RecipientId, string Channel);
