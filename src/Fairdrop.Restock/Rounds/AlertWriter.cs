using System.Data.Common;
using Fairdrop.Core.Ids;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Intake;
using Fairdrop.Restock.Planning;

namespace Fairdrop.Restock.Rounds;

/// <summary>
/// One chunk of a wave: one exchange delivery per alert, handed in through the exchange's intake
/// (<see cref="DeliveryBatch"/>) with the alert's exactly-once key <c>restock:{round}:{subscription}</c> as its source
/// key, encoded by <see cref="Prepare"/> before the write transaction begins and written by <see cref="WriteAsync"/>
/// inside it. The delivery is the alert: a subscription alerted before in this round (a cursor set back) has its key
/// written already, so it is skipped and gets no second delivery.
/// Up to the number reserved in this process's <see cref="DispatchHandoff"/>, deliveries due now are written already
/// claimed and listed in <see cref="Handed"/>, for the caller to hand over once the transaction commits; if any
/// delivery of the chunk was not written, none is handed and the claimed ones go back to scheduled.
/// </summary>
internal sealed class AlertWriter : IDisposable
{
    private readonly DeliveryBatch _deliveries;
    private List<HandedDelivery> _handed;

    private AlertWriter(DeliveryBatch deliveries, List<HandedDelivery> handed)
    {
        _deliveries = deliveries;
        _handed = handed;
    }

    /// <summary>The deliveries written claimed, once <see cref="WriteAsync"/> has run.</summary>
    public IReadOnlyList<HandedDelivery> Handed => _handed;

    /// <summary>
    /// Encodes the chunk's deliveries, the first <paramref name="claim"/> due now claimed until <paramref name="leaseUntil"/>.
    /// The planner keeps the candidates' order, so plan[i] is rows[i].
    /// </summary>
    public static AlertWriter Prepare(
        DbConnection connection, IdGenerator ids, Round round, IReadOnlyList<CandidateRow> rows, IReadOnlyList<PlannedAlert> plan,
        DateTimeOffset now, int claim, DateTimeOffset leaseUntil)
    {
        var handed = new List<HandedDelivery>(claim);
        var distribution = round.WaveDistributionId!.Value;
        var deliveries = new DeliveryBatch(connection, round.MerchantId, distribution, RestockExchange.Topic, now);
        for (var i = 0; i < plan.Count; i++)
        {
            var deliveryId = ids.NewId();
            DateTimeOffset? claimedUntil = null;
            if (handed.Count < claim && plan[i].SendAt <= now)
            {
                claimedUntil = leaseUntil;
                handed.Add(new HandedDelivery(deliveryId, round.MerchantId, distribution, rows[i].RecipientId, rows[i].Channel, leaseUntil));
            }

            deliveries.Add(deliveryId, rows[i].RecipientId, rows[i].Channel, plan[i].SendAt, claimedUntil, AlertKey.Of(round.Id, plan[i].Candidate.SubscriptionId));
        }

        return new AlertWriter(deliveries, handed);
    }

    /// <summary>Writes the chunk's deliveries inside <paramref name="transaction"/>; returns how many were new (alerts written).</summary>
    public async Task<long> WriteAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        var planned = _deliveries.Pending;
        var written = await _deliveries.ExecuteAsync(transaction, cancellationToken);
        if (written < planned && _handed.Count > 0)
        {
            // Some alert existed (a cursor set back) or its recipient had a delivery of this wave already: which of the
            // claimed ones were written is unknown, so none is handed over and those written go back to the ordinary claim.
            await _deliveries.ReleaseClaimsAsync(transaction, cancellationToken);
            _handed = [];
        }

        return written;
    }

    public void Dispose() => _deliveries.Dispose();
}
