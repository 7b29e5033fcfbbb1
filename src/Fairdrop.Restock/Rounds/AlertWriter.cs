using System.Data.Common;
using Dapper;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Restock.Outbox;
using Fairdrop.Restock.Planning;

namespace Fairdrop.Restock.Rounds;

/// <summary>
/// One chunk of a wave: its alert rows (unique per round and subscription) and one exchange delivery per alert,
/// encoded by <see cref="Prepare"/> before the write transaction begins and written by <see cref="WriteAsync"/> inside it.
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
    private readonly MultiRowInsert _deliveries;
    private readonly Guid _roundId;
    private readonly long _chunk;
    private readonly DateTimeOffset _now;
    private List<HandedDelivery> _handed;

    private AlertWriter(MultiRowInsert alerts, MultiRowInsert deliveries, Guid roundId, long chunk, DateTimeOffset now, List<HandedDelivery> handed)
    {
        _alerts = alerts;
        _deliveries = deliveries;
        _roundId = roundId;
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
        var deliveries = ExchangeOutbox.Deliveries(connection);
        var alert = new object?[AlertColumns.Length];
        var delivery = new object?[ExchangeOutbox.DeliveryWidth];
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

            ExchangeOutbox.FillDeliveryRow(delivery, deliveryId, round.MerchantId, distribution, rows[i].RecipientId, rows[i].Channel, plan[i].SendAt, now, claimedUntil);
            deliveries.Add(delivery);
        }

        return new AlertWriter(alerts, deliveries, round.Id, chunk, now, handed);
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
            await UnclaimAsync(connection, transaction, cancellationToken);
            _handed = [];
        }
    }

    private async Task UnclaimAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var delivery in _handed)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE exchange_deliveries SET status = 'scheduled', next_attempt_at = send_at, claimed_until = NULL WHERE id = @Id AND status = 'sending'",
                new { delivery.Id },
                transaction,
                cancellationToken: cancellationToken));
        }
    }

    public void Dispose()
    {
        _alerts.Dispose();
        _deliveries.Dispose();
    }

    // Rare (a cursor set back): found through the round's part of the primary key, then filtered by chunk.
    private Task DeliveriesOfChunkAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO exchange_deliveries (id, merchant_id, distribution_id, recipient_id, topic, channel, status, send_at, next_attempt_at, attempts, created_at)
            SELECT a.delivery_id, s.merchant_id, a.distribution_id, s.recipient_id, @topic, s.channel, 'scheduled', a.send_at, a.send_at, 0, @now
            FROM restock_alerts a JOIN restock_subscriptions s ON s.id = a.subscription_id
            WHERE a.round_id = @roundId AND a.chunk = @chunk
            ON CONFLICT (distribution_id, recipient_id) DO NOTHING
            """,
            new { topic = ExchangeOutbox.Topic, now = _now, roundId = _roundId, chunk = _chunk },
            transaction,
            cancellationToken: cancellationToken));
}
