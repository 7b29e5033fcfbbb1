using System.Data.Common;
using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Intake;
using Fairdrop.SmsPrograms.Alerts;

namespace Fairdrop.SmsPrograms.Storage;

/// <summary>The <c>sms_alert_sends</c> table: every marketing text planned (or dropped), on the caller's connection.</summary>
internal static class AlertSends
{
    public const string StoppedReason = "subscriber_stopped";

    /// <summary>Each subscriber's planned texts on <paramref name="subject"/> sent or due after <paramref name="since"/>: what the subject limit counts.</summary>
    public static async Task<Dictionary<Guid, List<DateTimeOffset>>> SubjectHistoryAsync(
        DbConnection connection, DbTransaction transaction, Guid programId, string subject, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(Guid SubscriberId, DateTimeOffset SendAt)>(new CommandDefinition(
            """
            SELECT subscriber_id AS SubscriberId, send_at AS SendAt FROM sms_alert_sends
            WHERE program_id = @programId AND subject = @subject AND send_at > @since
            """,
            new { programId, subject, since },
            transaction,
            cancellationToken: cancellationToken));
        var history = new Dictionary<Guid, List<DateTimeOffset>>();
        foreach (var (subscriberId, sendAt) in rows)
        {
            if (!history.TryGetValue(subscriberId, out var list))
            {
                history[subscriberId] = list = [];
            }

            list.Add(sendAt);
        }

        return history;
    }

    /// <summary>What an alert already planned did, read back from its rows; null when the key is new.</summary>
    public static async Task<AlertPlan?> PlannedAsync(
        DbConnection connection, DbTransaction transaction, Guid programId, string alertKey, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<(string? Reason, long Count, long Held)>(new CommandDefinition(
            """
            SELECT drop_reason AS Reason, COUNT(*) AS Count, SUM(CASE WHEN send_at > planned_at THEN 1 ELSE 0 END) AS Held
            FROM sms_alert_sends WHERE program_id = @programId AND alert_key = @alertKey GROUP BY drop_reason
            """,
            new { programId, alertKey },
            transaction,
            cancellationToken: cancellationToken))).AsList();
        if (rows.Count == 0)
        {
            return null;
        }

        var planned = rows.Where(r => r.Reason is null).Sum(r => r.Count);
        var dropped = rows.Where(r => r.Reason is not null).ToDictionary(r => r.Reason!, r => (int)r.Count, StringComparer.Ordinal);
        return new AlertPlan((int)planned, (int)rows.Sum(r => r.Held), dropped.Values.Sum(), dropped);
    }

    /// <summary>A bulk writer of planned and dropped texts for one transaction.</summary>
    public static MultiRowInsert Writer(DbConnection connection) =>
        new(connection, "sms_alert_sends", ["id", "program_id", "subscriber_id", "alert_key", "subject", "send_at", "delivery_id", "drop_reason", "planned_at"], string.Empty);

    /// <summary>Drops the subscribers' texts that have not left yet, at the exchange (a STOP ends them at once).</summary>
    public static async Task DropPlannedAsync(
        DbConnection connection, DbTransaction transaction, Guid merchantId, IReadOnlyList<Guid> subscriberIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new { now });
        var list = SqlList.In("subscriber_id", subscriberIds, parameters, "s");
        var deliveries = (await connection.QueryAsync<Guid>(new CommandDefinition(
            $"SELECT delivery_id FROM sms_alert_sends WHERE {list} AND delivery_id IS NOT NULL AND send_at >= @now",
            parameters,
            transaction,
            cancellationToken: cancellationToken))).AsList();
        if (deliveries.Count > 0)
        {
            await ExchangeIntake.DropPendingAsync(connection, transaction, merchantId, deliveries, StoppedReason, cancellationToken);
        }
    }
}
