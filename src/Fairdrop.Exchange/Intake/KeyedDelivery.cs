namespace Fairdrop.Exchange.Intake;

/// <summary>A delivery handed in with a source key (<see cref="DeliveryBatch.Add"/>), as its source reads it back.</summary>
public sealed record KeyedDelivery(string SourceKey, Guid Id, Guid DistributionId, Guid RecipientId, DateTimeOffset SendAt);
