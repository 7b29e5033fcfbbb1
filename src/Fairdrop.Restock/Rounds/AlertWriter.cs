using System.Data.Common;
using Dapper;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Intake;
using Fairdrop.Restock.Planning;

namespace Fairdrop.Restock.Rounds;

/// <summary>
/// One chunk of a wave: its alert rows (unique per round and subscription) and one exchange delivery per alert,
/// handed in through the exchange's intake (<see cref="DeliveryBatch"/>), encoded by <see cref="Prepare"/> before the
/// write transaction begins and written by <see cref="WriteAsync"/> inside it.
/// Deliveries are written straight from the plan when every alert row was new; if any already existed, they are
/// derived from the rows this chunk did insert, so an old alert never gets a second delivery.
/// Up to the number reserved in this process's <see cref="DispatchHandoff"/>, deliveries due now are written already
/// claimed and listed in <see cref="Handed"/>, for the caller to hand over once the transaction commits; if any
/// delivery of the chunk was not written, none is handed and the claimed ones go back to scheduled.
/// </summary>
internal sealed class AlertWriter : IDisposable
{
    private static readonly string[] AlertColumns = ["round_id", "subscription_id", "wave", "chunk", "distribution_id", "delivery_id", "send_at"];

    private readonly MultiRowInsert _alerts;
    private readonly DeliveryBatch _deliveries;
    private readonly Round _round;
    private readonly long _chunk;
    private readonly DateTimeOffset _now;
    private List<HandedDelivery> _handed;

    private AlertWriter(MultiRowInsert alerts, DeliveryBatch deliveries, Round round, long chunk, DateTimeOffset now, List<HandedDelivery> handed)
    {
        _alerts = alerts;
        _deliveries = deliveries;
        _round = round;
        _chunk = chunk;
        _now = now;
        _handed = handed;
    }

    /// <summary>The deliveries written claimed, once <see cref="WriteAsync"/> has run.</summary>
    public IReadOnlyList<HandedDelivery> Handed => _handed;

    /// <summary>
    /// Encodes the chunk's rows, the first <paramref name="claim"/> deliveries due now claimed until <paramref name="leaseUntil"/>.
    /// The planner keeps the candidates' order, so plan[i] is rows[i].
    /// </summary>
    public static AlertWriter Prepare(
        DbConnection connection, IdGenerator ids, Round round, long wave, IReadOnlyList<CandidateRow> rows, IReadOnlyList<PlannedAlert> plan,
        DateTimeOffset now, int claim, DateTimeOffset leaseUntil)
    {
        var handed = new List<HandedDelivery>(claim);
        var chunk = round.Alerted;
        var distribution = round.WaveDistributionId!.Value;
        var alerts = new MultiRowInsert(connection, "restock_alerts", AlertColumns, "(round_id, subscription_id)");
        var deliveries = new DeliveryBatch(connection, round.MerchantId, distribution, RestockExchange.Topic, now);
        var alert = new object?[AlertColumns.Length];
        for (var i = 0; i < plan.Count; i++)
        {
            var deliveryId = ids.NewId();
            alert[0] = round.Id;
            alert[1] = plan[i].Candidate.SubscriptionId;
            alert[2] = wave;
            alert[3] = chunk;
            alert[4] = distribution;
            alert[5] = deliveryId;
            alert[6] = plan[i].SendAt;
            alerts.Add(alert);
            DateTimeOffset? claimedUntil = null;
            if (handed.Count < claim && plan[i].SendAt <= now)
            {
                claimedUntil = leaseUntil;
                handed.Add(new HandedDelivery(deliveryId, round.MerchantId, distribution, rows[i].RecipientId, rows[i].Channel, leaseUntil));
            }

            deliveries.Add(deliveryId, rows[i].RecipientId, rows[i].Channel, plan[i].SendAt, claimedUntil);
        }

        return new AlertWriter(alerts, deliveries, round, chunk, now, handed);
    }

    public async Task WriteAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var planned = _alerts.Pending;
        var inserted = await _alerts.ExecuteAsync(transaction, cancellationToken);
        if (inserted < planned)
        {
            _handed = [];
            await DeliveriesOfChunkAsync(connection, transaction, cancellationToken);
            return;
        }

        var deliveries = _deliveries.Pending;
        if (await _deliveries.ExecuteAsync(transaction, cancellationToken) < deliveries && _handed.Count > 0)
        {
            // Some delivery already existed (the same recipient twice in one wave): which of the claimed ones were
            // written is unknown, so none is handed over and those written go back to the ordinary claim.
            await _deliveries.ReleaseClaimsAsync(transaction, cancellationToken);
            _handed = [];
        }
    }

    public void Dispose()
    {
        _alerts.Dispose();
        _deliveries.Dispose();
    }

    // Rare (a cursor set back): the alerts this chunk did insert are found through the round's part of the primary
    // key, then filtered by chunk and wave, and each gets its delivery, scheduled.
    private async Task DeliveriesOfChunkAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var alerts = await connection.QueryAsync<(Guid DeliveryId, Guid RecipientId, string Channel, DateTimeOffset SendAt)>(new CommandDefinition(
            """
            SELECT a.delivery_id, s.recipient_id, s.channel, a.send_at
            FROM restock_alerts a JOIN restock_subscriptions s ON s.id = a.subscription_id
            WHERE a.round_id = @roundId AND a.chunk = @chunk AND a.distribution_id = @distribution
            """,
            new { roundId = _round.Id, chunk = _chunk, distribution = _round.WaveDistributionId },
            transaction,
            cancellationToken: cancellationToken));
        using var deliveries = new DeliveryBatch(connection, _round.MerchantId, _round.WaveDistributionId!.Value, RestockExchange.Topic, _now);
        foreach (var (deliveryId, recipientId, channel, sendAt) in alerts)
        {
            deliveries.Add(deliveryId, recipientId, channel, sendAt);
        }

        await deliveries.ExecuteAsync(transaction, cancellationToken);
    }
}
