namespace Fairdrop.Restock.Analytics;

/// <summary>A delivery the exchange sent: its channel and id.</summary>
public sealed record SentDelivery(string Channel, Guid DeliveryId);
