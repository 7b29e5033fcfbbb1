namespace Fairdrop.Exchange.Deliveries;

/// <summary>
/// A delivery the dispatcher has marked <c>sending</c> and now owns until its claim expires. <paramref name="Row"/> is
/// its SQLite rowid, by which its outcome is written without a walk down the text primary key (0 on PostgreSQL).
/// <paramref name="Unrecorded"/> is 1 when an earlier claim handed it to its channel and died before recording the
/// outcome (it is still in the send ledger, docs/adr/0014): it may have reached the recipient.
/// </summary>
internal sealed record ClaimedDelivery(Guid Id, Guid MerchantId, Guid DistributionId, Guid RecipientId, string Channel, string? FallbackChannel, long Attempts, long Row = 0, long Unrecorded = 0)
{
    /// <summary>Sent or not, nobody knows: its channel's recovery policy decides.</summary>
    public bool Uncertain => Unrecorded != 0;
}
