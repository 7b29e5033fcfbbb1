using System.Data.Common;
using Dapper;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Restock.Outbox;
using Fairdrop.Restock.Planning;

namespace Fairdrop.Restock.Rounds;

/// <summary>
/// Writes one chunk of a wave inside the caller's transaction: its alert rows (unique per round and subscription)
/// and one exchange delivery per alert. Deliveries are written straight from the plan when every alert row was new;
/// if any already existed, they are derived from the rows this chunk did insert, so an old alert never gets a second delivery.
/// </summary>
internal static class AlertWriter
{
    private static readonly string[] AlertColumns = ["round_id", "subscription_id", "wave", "chunk", "distribution_id", "delivery_id", "send_at"];

    public static async Task WriteAsync(
        DbConnection connection, DbTransaction transaction, IdGenerator ids, Round round, long wave, IReadOnlyList<CandidateRow> rows,
        IReadOnlyList<PlannedAlert> plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var chunk = round.Alerted;
        var distribution = round.WaveDistributionId!.Value;
        var deliveryIds = new Guid[plan.Count];
        long inserted;
        await using (var alerts = new MultiRowInsert(connection, transaction, "restock_alerts", AlertColumns, "(round_id, subscription_id)"))
        {
            var row = new object?[AlertColumns.Length];
            for (var i = 0; i < plan.Count; i++)
            {
                deliveryIds[i] = ids.NewId();
                row[0] = round.Id;
                row[1] = plan[i].Candidate.SubscriptionId;
                row[2] = wave;
                row[3] = chunk;
                row[4] = distribution;
                row[5] = deliveryIds[i];
                row[6] = plan[i].SendAt;
                await alerts.AddAsync(row, cancellationToken);
            }

            await alerts.FlushAsync(cancellationToken);
            inserted = alerts.Written;
        }


        if (inserted < plan.Count)
        {
            await DeliveriesOfChunkAsync(connection, transaction, round.Id, chunk, now, cancellationToken);
            return;
        }

        // The planner keeps the candidates' order, so plan[i] is rows[i].
        await using var deliveries = ExchangeOutbox.Deliveries(connection, transaction);
        var delivery = new object?[ExchangeOutbox.DeliveryWidth];
        for (var i = 0; i < plan.Count; i++)
        {
            ExchangeOutbox.FillDeliveryRow(delivery, deliveryIds[i], round.MerchantId, distribution, rows[i].RecipientId, rows[i].Channel, plan[i].SendAt, now);
            await deliveries.AddAsync(delivery, cancellationToken);
        }

        await deliveries.FlushAsync(cancellationToken);
    }

    private static Task DeliveriesOfChunkAsync(DbConnection connection, DbTransaction transaction, Guid roundId, long chunk, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO exchange_deliveries (id, merchant_id, distribution_id, recipient_id, topic, channel, status, send_at, next_attempt_at, attempts, created_at)
            SELECT a.delivery_id, s.merchant_id, a.distribution_id, s.recipient_id, @topic, s.channel, 'scheduled', a.send_at, a.send_at, 0, @now
            FROM restock_alerts a JOIN restock_subscriptions s ON s.id = a.subscription_id
            WHERE a.round_id = @roundId AND a.chunk = @chunk
            ON CONFLICT (distribution_id, recipient_id) DO NOTHING
            """,
            new { topic = ExchangeOutbox.Topic, now, roundId, chunk },
            transaction,
            cancellationToken: cancellationToken));
}
