namespace Fairdrop.Exchange.Deliveries;

/// <summary>
/// What an outcome transaction does to the send ledger (exchange_in_flight, docs/adr/0014): <see cref="Ended"/> leave
/// it (recorded, or withdrawn before their channel was called); <see cref="Started"/> enter it, to be handed to their
/// channel once it commits, or, written by the send journal, because their fate is unknown.
/// </summary>
internal sealed record LedgerChanges(IReadOnlyList<ClaimedDelivery> Ended, IReadOnlyList<ClaimedDelivery> Started)
{
    public bool IsEmpty => Ended.Count == 0 && Started.Count == 0;
}
