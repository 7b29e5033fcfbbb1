using System.Data.Common;
using Dapper;

namespace Fairdrop.SmsPrograms.Reports;

/// <summary>The report's SQL: a handful of grouped counts over the module's own tables.</summary>
internal static class ReportQueries
{
    public const int TopReferrers = 100;

    public static async Task<ProgramReport> ReadAsync(DbConnection connection, Guid programId, CancellationToken cancellationToken)
    {
        var bySource = (await connection.QueryAsync<(string Source, string Status, long Count)>(new CommandDefinition(
            "SELECT source AS Source, status AS Status, COUNT(*) AS Count FROM sms_subscribers WHERE program_id = @programId GROUP BY source, status",
            new { programId },
            cancellationToken: cancellationToken))).AsList();
        var steps = (await connection.QueryAsync<(string Step, long Count)>(new CommandDefinition(
            "SELECT step AS Step, COUNT(DISTINCT subscriber_id) AS Count FROM sms_consent_events WHERE program_id = @programId GROUP BY step",
            new { programId },
            cancellationToken: cancellationToken))).ToDictionary(s => s.Step, s => (int)s.Count, StringComparer.Ordinal);
        var referrers = (await connection.QueryAsync<(Guid ReferrerId, long Used, long Confirmed, long Rewarded)>(new CommandDefinition(
            """
            SELECT referrer_id AS ReferrerId, COUNT(*) AS Used,
                SUM(CASE WHEN status IN ('confirmed', 'rewarded') THEN 1 ELSE 0 END) AS Confirmed,
                SUM(CASE WHEN status = 'rewarded' THEN 1 ELSE 0 END) AS Rewarded
            FROM sms_referrals WHERE program_id = @programId GROUP BY referrer_id ORDER BY COUNT(*) DESC, referrer_id LIMIT @top
            """,
            new { programId, top = TopReferrers },
            cancellationToken: cancellationToken))).Select(r => new ReferrerFunnel(r.ReferrerId, (int)r.Used, (int)r.Confirmed, (int)r.Rewarded)).ToList();
        var funnel = await connection.QuerySingleAsync<(long Used, long Confirmed, long Rewarded)>(new CommandDefinition(
            """
            SELECT COUNT(*) AS Used, COALESCE(SUM(CASE WHEN status IN ('confirmed', 'rewarded') THEN 1 ELSE 0 END), 0) AS Confirmed,
                COALESCE(SUM(CASE WHEN status = 'rewarded' THEN 1 ELSE 0 END), 0) AS Rewarded
            FROM sms_referrals WHERE program_id = @programId
            """,
            new { programId },
            cancellationToken: cancellationToken));
        var requested = steps.GetValueOrDefault(Subscribers.ConsentSteps.Requested);
        var confirmed = steps.GetValueOrDefault(Subscribers.ConsentSteps.Confirmed);
        return new ProgramReport(
            programId,
            bySource.GroupBy(s => s.Source).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new SourceCount(
                g.Key, Count(g, "pending"), Count(g, "active"), Count(g, "stopped"))).ToList(),
            requested,
            confirmed,
            requested == 0 ? 0 : Math.Round((double)confirmed / requested, 4),
            steps.GetValueOrDefault(Subscribers.ConsentSteps.Stopped),
            new ReferralFunnel(steps.GetValueOrDefault(Subscribers.ConsentSteps.WelcomeSent), (int)funnel.Used, (int)funnel.Confirmed, (int)funnel.Rewarded),
            referrers);
    }

    private static int Count(IEnumerable<(string Source, string Status, long Count)> rows, string status) =>
        (int)rows.Where(r => r.Status == status).Sum(r => r.Count);
}
