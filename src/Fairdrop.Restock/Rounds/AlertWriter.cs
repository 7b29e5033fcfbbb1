using System.Data.Common;
using Dapper;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Restock.Outbox;
using Fairdrop.Restock.Planning;

namespace Fairdrop.Restock.Rounds;

/// <summary>
/// One chunk of a wave: its alert rows (unique per round and subscription) and one exchange delivery per alert,
/// encoded by <see cref="Prepare"/> before the write transaction begins and written by <see cref="WriteAsync"/> inside it.
/// Deliveries are written straight from the plan when every alert row was new; if any already existed, they are
/// derived from the rows this chunk did insert, so an old alert never gets a second delivery.
/// </summary>
internal sealed class AlertWriter : IDisposable
{
    private static readonly string[] AlertColumns = ["round_id", "subscription_id", "wave", "chunk", "distribution_id", "delivery_id", "send_at"];

    private readonly MultiRowInsert _alerts;
    private readonly MultiRowInsert _deliveries;
    private readonly Guid _roundId;
    private readonly long _chunk;
    private readonly DateTimeOffset _now;

    private AlertWriter(MultiRowInsert alerts, MultiRowInsert deliveries, Guid roundId, long chunk, DateTimeOffset now)
    {
        _alerts = alerts;
        _deliveries = deliveries;
        _roundId = roundId;
        _chunk = chunk;
        _now = now;
    }

    /// <summary>Encodes the chunk's rows. The planner keeps the candidates' order, so plan[i] is rows[i].</summary>
    public static AlertWriter Prepare(
        DbConnection connection, IdGenerator ids, Round round, long wave, IReadOnlyList<CandidateRow> rows, IReadOnlyList<PlannedAlert> plan, DateTimeOffset now)
    {
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
            ExchangeOutbox.FillDeliveryRow(delivery, deliveryId, round.MerchantId, distribution, rows[i].RecipientId, rows[i].Channel, plan[i].SendAt, now);
            deliveries.Add(delivery);
        }

        return new AlertWriter(alerts, deliveries, round.Id, chunk, now);
    }

    public async Task WriteAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var planned = _alerts.Pending;
        var inserted = await _alerts.ExecuteAsync(transaction, cancellationToken);
        if (inserted < planned)
        {
            await DeliveriesOfChunkAsync(connection, transaction, cancellationToken);
            return;
        }

        await _deliveries.ExecuteAsync(transaction, cancellationToken);
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
