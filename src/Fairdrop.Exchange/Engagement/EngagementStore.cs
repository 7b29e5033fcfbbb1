using System.Data.Common;
using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Exchange.Engagement;

/// <summary>
/// Engagement events per delivery. Each carries a dedupe key unique per merchant, so a source that repeats itself
/// (a reloaded pixel, a replayed webhook, a second status callback) records once. <c>delivered</c> on channels without
/// receipts is not stored here: every read adds the sent deliveries of those channels.
/// </summary>
internal sealed class EngagementStore(DbConnectionFactory connections)
{
    private const string Columns =
        "id AS Id, merchant_id AS MerchantId, delivery_id AS DeliveryId, distribution_id AS DistributionId, recipient_id AS RecipientId, channel AS Channel, kind AS Kind, device AS Device, detail AS Detail, occurred_at AS OccurredAt";

    // Channels without delivery receipts count a sent delivery as delivered. That event is the delivery's own sent
    // status, read from exchange_deliveries rather than stored a second time (docs/adr/0004); SMS waits for its receipt.
    private const string SentWithoutReceipt = "status = 'sent' AND channel <> 'sms'";

    private static readonly string[] InsertColumns =
        ["id", "merchant_id", "delivery_id", "distribution_id", "recipient_id", "channel", "kind", "device", "detail", "dedupe_key", "occurred_at"];

    /// <summary>Stores the event; false when one with the same dedupe key is already there.</summary>
    public async Task<bool> RecordAsync(EngagementEvent e, string dedupeKey, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO exchange_engagement (id, merchant_id, delivery_id, distribution_id, recipient_id, channel, kind, device, detail, dedupe_key, occurred_at)
            VALUES (@Id, @MerchantId, @DeliveryId, @DistributionId, @RecipientId, @Channel, @Kind, @Device, @Detail, @DedupeKey, @OccurredAt)
            ON CONFLICT (merchant_id, dedupe_key) DO NOTHING
            """,
            new { e.Id, e.MerchantId, e.DeliveryId, e.DistributionId, e.RecipientId, e.Channel, e.Kind, e.Device, e.Detail, DedupeKey = dedupeKey, e.OccurredAt },
            cancellationToken: cancellationToken));
        return inserted == 1;
    }

    /// <summary>Stores many events inside the caller's transaction; those whose dedupe key is already there are skipped.</summary>
    public static async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<NewEngagementEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        using var insert = new MultiRowInsert(connection, "exchange_engagement", InsertColumns, "(merchant_id, dedupe_key)");
        var row = new object?[InsertColumns.Length];
        foreach (var (e, dedupeKey) in events)
        {
            row[0] = e.Id;
            row[1] = e.MerchantId;
            row[2] = e.DeliveryId;
            row[3] = e.DistributionId;
            row[4] = e.RecipientId;
            row[5] = e.Channel;
            row[6] = e.Kind;
            row[7] = e.Device;
            row[8] = e.Detail;
            row[9] = dedupeKey;
            row[10] = e.OccurredAt;
            insert.Add(row);
        }

        await insert.ExecuteAsync(transaction, cancellationToken);
    }

    /// <summary>Per kind, how many of the distribution's deliveries had at least one such event.</summary>
    public async Task<Dictionary<string, long>> CountsByKindAsync(Guid merchantId, Guid distributionId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Kind, long Count)>(new CommandDefinition(
            """
            SELECT kind, COUNT(DISTINCT delivery_id) FROM (
                SELECT kind, delivery_id FROM exchange_engagement WHERE merchant_id = @merchantId AND distribution_id = @distributionId
                UNION ALL
                SELECT 'delivered', id FROM exchange_deliveries
                WHERE merchant_id = @merchantId AND distribution_id = @distributionId AND status = 'sent' AND channel <> 'sms'
            ) AS e GROUP BY kind
            """,
            new { merchantId, distributionId },
            cancellationToken: cancellationToken));
        var counts = EngagementKinds.All.ToDictionary(k => k, _ => 0L, StringComparer.Ordinal);
        foreach (var (kind, count) in rows)
        {
            counts[kind] = count;
        }

        return counts;
    }

    /// <summary>
    /// Events of one delivery or one recipient, oldest first (keyset on id). A compound SELECT at the top, not a
    /// subquery: SQLite reports the first SELECT's declared column types only then, which the record's mapping needs.
    /// </summary>
    public async Task<IReadOnlyList<EngagementEvent>> ListAsync(Guid merchantId, Guid? deliveryId, Guid? recipientId, Guid? after, int limit, CancellationToken cancellationToken)
    {
        var where = "merchant_id = @merchantId";
        where += recipientId is null ? string.Empty : " AND recipient_id = @recipientId";
        where += after is null ? string.Empty : " AND id > @after";
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<EngagementEvent>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM exchange_engagement WHERE {where}{(deliveryId is null ? string.Empty : " AND delivery_id = @deliveryId")}
            UNION ALL
            SELECT id, merchant_id, id, distribution_id, recipient_id, channel, 'delivered', NULL, NULL, sent_at
            FROM exchange_deliveries WHERE {where}{(deliveryId is null ? string.Empty : " AND id = @deliveryId")} AND {SentWithoutReceipt}
            ORDER BY 1 LIMIT @limit
            """,
            new { merchantId, deliveryId, recipientId, after, limit },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// The learner's view: per recipient, channel, UTC hour of day and kind, how many events since a time.
    /// Hour is computed in SQL from the unix-ms instant, the same way on SQLite and PostgreSQL.
    /// </summary>
    public async Task<IReadOnlyList<EngagementHistoryRow>> HistoryAsync(Guid merchantId, Guid? recipientId, string? channel, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var where = "merchant_id = @merchantId AND recipient_id IS NOT NULL";
        where += recipientId is null ? string.Empty : " AND recipient_id = @recipientId";
        where += channel is null ? string.Empty : " AND channel = @channel";
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await ComputedRows.QueryAsync<EngagementHistoryRow>(connection, new CommandDefinition(
            $"""
            SELECT recipient_id AS RecipientId, channel AS Channel, CAST((occurred_at / 3600000) % 24 AS BIGINT) AS Hour, kind AS Kind, COUNT(*) AS Count
            FROM (
                SELECT recipient_id, channel, kind, occurred_at FROM exchange_engagement WHERE {where} AND occurred_at >= @since
                UNION ALL
                SELECT recipient_id, channel, 'delivered', sent_at FROM exchange_deliveries WHERE {where} AND sent_at >= @since AND {SentWithoutReceipt}
            ) AS e
            GROUP BY recipient_id, channel, CAST((occurred_at / 3600000) % 24 AS BIGINT), kind
            ORDER BY recipient_id, channel, 3, kind
            """,
            new { merchantId, recipientId, channel, since },
            cancellationToken: cancellationToken), cancellationToken);
    }

    /// <summary>
    /// The delivery an inbound answer or an unsubscribe refers to: the recipient's latest sent one on the channel, or the
    /// one being sent right now. The provider has a text a moment before its answer lets the delivery be recorded sent,
    /// and a reply in that moment answers the text in flight, not the one before it.
    /// </summary>
    public async Task<DeliveryRef?> LastSentAsync(Guid merchantId, Guid recipientId, string channel, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<DeliveryRef>(new CommandDefinition(
            """
            SELECT id AS Id, merchant_id AS MerchantId, distribution_id AS DistributionId, recipient_id AS RecipientId, channel AS Channel
            FROM exchange_deliveries
            WHERE merchant_id = @merchantId AND recipient_id = @recipientId AND channel = @channel AND status IN ('sent', 'sending')
            ORDER BY CASE WHEN status = 'sending' THEN 0 ELSE 1 END, sent_at DESC, id DESC LIMIT 1
            """,
            new { merchantId, recipientId, channel },
            cancellationToken: cancellationToken));
    }

    /// <summary>One delivery by id (any merchant: the caller proved the id with a signature).</summary>
    public async Task<DeliveryRef?> DeliveryAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DeliveryRef>(new CommandDefinition(
            """
            SELECT id AS Id, merchant_id AS MerchantId, distribution_id AS DistributionId, recipient_id AS RecipientId, COALESCE(channel, '') AS Channel
            FROM exchange_deliveries WHERE id = @deliveryId
            """,
            new { deliveryId },
            cancellationToken: cancellationToken));
    }
}
