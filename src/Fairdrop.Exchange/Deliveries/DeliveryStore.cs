using System.Data.Common;
using System.Text.Json;
using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Engagement;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Deliveries;

/// <summary>
/// Delivery rows and their state machine. Claims mark rows <c>sending</c> before anything is sent; a claim that
/// expires (the node died between claim and outcome) makes the row claimable again, and the resend carries the
/// same delivery id as idempotency key, so providers that honour it (in-app, webhooks) never see it twice.
/// Outcomes are recorded per claimed batch by <see cref="DeliveryOutcomeStore"/> (docs/adr/0004-batched-delivery-outcomes.md).
/// </summary>
internal sealed class DeliveryStore(DbConnectionFactory connections, EngagementStore engagement)
{
    // attempts is INTEGER: 64-bit on SQLite, 32-bit on PostgreSQL; the records read a long on both.
    private readonly string _attempts = connections.Dialect.Name == "postgres" ? "CAST(attempts AS BIGINT) AS Attempts" : "attempts AS Attempts";

    private readonly string _segments = connections.Dialect.Name == "postgres" ? "CAST(segments AS BIGINT) AS Segments" : "segments AS Segments";

    private string Columns =>
        "id AS Id, merchant_id AS MerchantId, distribution_id AS DistributionId, recipient_id AS RecipientId, topic AS Topic, channel AS Channel, fallback_channel AS FallbackChannel, status AS Status, reason AS Reason, send_at AS SendAt, next_attempt_at AS NextAttemptAt, " + _attempts + ", sent_at AS SentAt, last_error AS LastError, provider_id AS ProviderId, created_at AS CreatedAt, " + _segments + ", encoding AS Encoding";

    private static readonly string[] Live = [DeliveryStatus.Scheduled, DeliveryStatus.Sending, DeliveryStatus.Sent, DeliveryStatus.Retrying, DeliveryStatus.Uncertain];

    /// <summary>Writes matched rows; a row that exists already (a resumed chunk) is left as it is.</summary>
    public static async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<NewDelivery> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO exchange_deliveries (id, merchant_id, distribution_id, recipient_id, topic, channel, fallback_channel, status, reason, send_at, next_attempt_at, attempts, created_at)
            VALUES (@Id, @MerchantId, @DistributionId, @RecipientId, @Topic, @Channel, @FallbackChannel, @Status, @Reason, @SendAt, @SendAt, 0, @CreatedAt)
            ON CONFLICT (distribution_id, recipient_id) DO NOTHING
            """,
            rows,
            transaction,
            cancellationToken: cancellationToken));
    }

    /// <summary>The columns of a bulk delivery row, in <see cref="Intake.DeliveryBatch"/>'s order.</summary>
    internal static readonly IReadOnlyList<string> BulkColumns =
        ["id", "merchant_id", "distribution_id", "recipient_id", "topic", "channel", "status", "send_at", "next_attempt_at", "attempts", "created_at", "claimed_until", "source_key"];

    /// <summary>
    /// A bulk writer of delivery rows; a row that exists (same distribution and recipient, or the merchant's same source
    /// key) is left alone. No conflict target: a target names one unique index, and a conflict on the other would throw.
    /// </summary>
    internal static MultiRowInsert BulkInsert(DbConnection connection) =>
        new(connection, "exchange_deliveries", BulkColumns, string.Empty);

    /// <summary>Puts deliveries written claimed (and not sent) back to the ordinary claim.</summary>
    internal static async Task ReleaseClaimsAsync(DbTransaction transaction, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        foreach (var id in ids)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE exchange_deliveries SET status = 'scheduled', next_attempt_at = send_at, claimed_until = NULL WHERE id = @id AND status = 'sending'",
                new { id },
                transaction,
                cancellationToken: cancellationToken));
        }
    }

    /// <summary>Drops the merchant's deliveries among <paramref name="ids"/> that have not left yet; returns how many.</summary>
    internal static async Task<int> DropPendingAsync(
        DbConnection connection, DbTransaction transaction, Guid merchantId, IReadOnlyCollection<Guid> ids, string reason, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return 0;
        }

        var parameters = new DynamicParameters(new { merchantId, reason });
        var list = SqlList.In("id", ids, parameters, "d");
        return await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE exchange_deliveries SET status = 'dropped', reason = @reason WHERE merchant_id = @merchantId AND status IN ('scheduled', 'retrying') AND {list}",
            parameters,
            transaction,
            cancellationToken: cancellationToken));
    }

    /// <summary>Cap counts of the recipients with ids in [first, last]: deliveries not dropped or failed, in the last day and week.</summary>
    public static async Task<Dictionary<Guid, SentCounts>> SentCountsAsync(
        DbConnection connection, DbTransaction transaction, Guid merchantId, Guid first, Guid last, string? topic, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(Guid RecipientId, long Day, long Week, long TopicDay)>(new CommandDefinition(
            """
            SELECT recipient_id,
                   SUM(CASE WHEN send_at > @dayAgo THEN 1 ELSE 0 END),
                   COUNT(*),
                   SUM(CASE WHEN send_at > @dayAgo AND topic = @topic THEN 1 ELSE 0 END)
            FROM exchange_deliveries
            WHERE merchant_id = @merchantId AND recipient_id >= @first AND recipient_id <= @last AND send_at > @weekAgo
              AND status IN ('scheduled', 'sending', 'sent', 'retrying', 'uncertain')
            GROUP BY recipient_id
            """,
            new { merchantId, first, last, topic = topic ?? string.Empty, dayAgo = now.AddDays(-1), weekAgo = now.AddDays(-7) },
            transaction,
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.RecipientId, r => new SentCounts((int)r.Day, (int)r.Week, (int)r.TopicDay));
    }

    // Scheduled, retrying and abandoned (sending past its claim) rows whose time has come: one range of the partial due index.
    private const string Due = "status IN ('scheduled', 'retrying', 'sending') AND next_attempt_at <= @now";

    // A claimed row's next attempt is its claim's expiry, so one ordered scan of the partial due index
    // (0004_due_index.sql) finds scheduled, retrying and abandoned rows alike, without sorting. On SQLite the rows are
    // then found by rowid rather than through the text primary key (100,000 claims: 9.9 → 8.4 µs a row).
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        if (connections.Dialect.Name == "sqlite")
        {
            return await ClaimSqliteAsync(connection, now, lease, limit, cancellationToken);
        }

        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var rows = await connection.QueryAsync<ClaimedDelivery>(new CommandDefinition(
            $"""
            UPDATE exchange_deliveries SET status = 'sending', claimed_until = @until, next_attempt_at = @until
            WHERE {connections.Dialect.RowKey} IN (
                SELECT {connections.Dialect.RowKey} FROM exchange_deliveries
                WHERE {Due}
                ORDER BY next_attempt_at LIMIT @limit {connections.Dialect.ForUpdateSkipLocked})
            RETURNING {ClaimedColumns}, CAST(0 AS BIGINT) AS Row, {Unrecorded}
            """,
            new { now, until = now + lease, limit },
            write.Transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return rows.AsList();
    }

    // 1 when an earlier claim handed the row to its channel and died before recording the outcome (docs/adr/0014).
    private const string Unrecorded =
        "CAST(CASE WHEN EXISTS (SELECT 1 FROM exchange_in_flight AS f WHERE f.delivery_id = exchange_deliveries.id) THEN 1 ELSE 0 END AS BIGINT) AS Unrecorded";

    private string ClaimedColumns =>
        $"id AS Id, merchant_id AS MerchantId, distribution_id AS DistributionId, recipient_id AS RecipientId, channel AS Channel, fallback_channel AS FallbackChannel, {_attempts}";

    // SQLite has one write lock for the whole file, and the round writer waits for it while a claim holds it: the claim
    // marks its rows and returns only their rowids, and their columns are read after the commit. Claimed rows do not
    // change until their outcome is recorded, and no other claim takes them before the lease runs out.
    private async Task<IReadOnlyList<ClaimedDelivery>> ClaimSqliteAsync(
        DbConnection connection, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        // Looked for first without the write lock (readers do not wait in WAL mode): an idle poll, or a loop that finds
        // everything already handed over (DispatchHandoff), does not make the writers queue behind an empty claim.
        var due = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"SELECT 1 FROM exchange_deliveries WHERE {Due} LIMIT 1",
            new { now },
            cancellationToken: cancellationToken));
        if (due is null)
        {
            return [];
        }

        List<long> rowids;
        await using (var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken))
        {
            rowids = (await connection.QueryAsync<long>(new CommandDefinition(
                $"""
                UPDATE exchange_deliveries SET status = 'sending', claimed_until = @until, next_attempt_at = @until
                WHERE rowid IN (
                    SELECT rowid FROM exchange_deliveries
                    WHERE {Due}
                    ORDER BY next_attempt_at LIMIT @limit)
                RETURNING rowid
                """,
                new { now, until = now + lease, limit },
                write.Transaction,
                cancellationToken: cancellationToken))).AsList();
            await write.CommitAsync(cancellationToken);
        }

        if (rowids.Count == 0)
        {
            return [];
        }

        var rows = await connection.QueryAsync<ClaimedDelivery>(new CommandDefinition(
            $"SELECT {ClaimedColumns}, rowid AS Row, {Unrecorded} FROM exchange_deliveries WHERE rowid IN (SELECT value FROM json_each(@rowids))",
            new { rowids = JsonSerializer.Serialize(rowids) },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<IReadOnlyList<Delivery>> ListAsync(Guid merchantId, DeliveryFilter filter, Guid? after, int limit, CancellationToken cancellationToken)
    {
        var where = "merchant_id = @merchantId";
        where += after is null ? string.Empty : " AND id > @after";
        where += filter.DistributionId is null ? string.Empty : " AND distribution_id = @DistributionId";
        where += filter.RecipientId is null ? string.Empty : " AND recipient_id = @RecipientId";
        where += filter.Status is null ? string.Empty : " AND status = @Status";
        where += filter.Channel is null ? string.Empty : " AND channel = @Channel";
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Delivery>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_deliveries WHERE {where} ORDER BY id LIMIT @limit",
            new { merchantId, after, limit, filter.DistributionId, filter.RecipientId, filter.Status, filter.Channel },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<Funnel> FunnelAsync(Guid merchantId, Guid distributionId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(string Status, string? Reason, long Count)>(new CommandDefinition(
            """
            SELECT status, reason, COUNT(*) FROM exchange_deliveries
            WHERE merchant_id = @merchantId AND distribution_id = @distributionId GROUP BY status, reason
            """,
            new { merchantId, distributionId },
            cancellationToken: cancellationToken))).AsList();
        var byStatus = DeliveryStatus.All.ToDictionary(s => s, s => rows.Where(r => r.Status == s).Sum(r => r.Count), StringComparer.Ordinal);
        var dropped = rows.Where(r => r.Status == DeliveryStatus.Dropped)
            .GroupBy(r => r.Reason ?? "unknown", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(r => r.Count), StringComparer.Ordinal);
        var possibleDuplicates = rows.Where(r => r.Status == DeliveryStatus.Sent && r.Reason == DeliveryOutcome.RecoveredAfterCrash).Sum(r => r.Count);
        return new Funnel(rows.Sum(r => r.Count), byStatus, dropped, await engagement.CountsByKindAsync(merchantId, distributionId, cancellationToken))
        {
            PossibleDuplicates = possibleDuplicates,
        };
    }

    public async Task<Delivery?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Delivery>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_deliveries WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The operator's answer to an uncertain delivery: send it again (due now, still marked as recovered) or drop it.
    /// Null when the merchant has no such delivery; false when it is not uncertain (any more).
    /// </summary>
    public async Task<bool?> ResolveUncertainAsync(Guid merchantId, Guid id, bool resend, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var set = resend ? "status = 'scheduled', next_attempt_at = @now" : "status = 'dropped', reason = 'dropped_by_operator'";
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE exchange_deliveries SET {set} WHERE id = @id AND merchant_id = @merchantId AND status = 'uncertain'",
            new { id, merchantId, now },
            write.Transaction,
            cancellationToken: cancellationToken));
        var exists = changed > 0 || await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT 1 FROM exchange_deliveries WHERE id = @id AND merchant_id = @merchantId", new { id, merchantId }, write.Transaction, cancellationToken: cancellationToken)) is not null;
        await write.CommitAsync(cancellationToken);
        return exists ? changed > 0 : null;
    }

    internal static bool IsLive(string status) => Live.Contains(status, StringComparer.Ordinal);
}
