namespace Fairdrop.Restock.Analytics;

/// <summary>An alert a wave sent: the exchange delivery that carried it and the shopper's contact.</summary>
public sealed record WaveAlert(Guid DeliveryId, string Contact);
