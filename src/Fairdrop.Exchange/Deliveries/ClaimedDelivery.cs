namespace Fairdrop.Exchange.Deliveries;

/// <summary>
/// A delivery the dispatcher has marked <c>sending</c> and now owns until its claim expires. <paramref name="Row"/> is
/// its SQLite rowid, by which its outcome is written without a walk down the text primary key (0 on PostgreSQL).
/// </summary>
internal sealed record ClaimedDelivery(Guid Id, Guid MerchantId, Guid DistributionId, Guid RecipientId, string Channel, string? FallbackChannel, long Attempts, long Row = 0);
