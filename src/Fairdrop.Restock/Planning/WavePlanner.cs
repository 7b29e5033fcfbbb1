using Fairdrop.Exchange.Matching;

namespace Fairdrop.Restock.Planning;

/// <summary>
/// The wave planner, pure: how many alerts a wave may carry for the stock on hand, and when each alert may
/// leave. A shopper in quiet hours keeps their place in the wave and is scheduled for the end of their quiet
/// hours (the exchange's <see cref="SendTimePlanner"/>, the one quiet-hours rule); everyone else leaves at once,
/// spread by their channel's rate so no channel is asked for more than it allows.
/// </summary>
public static class WavePlanner
{
    /// <summary>ceil(available × alerts per unit), or zero when the stock is below the round's threshold (sold out).</summary>
    public static long WaveSize(long available, RestockPolicy policy)
    {
        if (available < policy.Threshold || policy.AlertsPerUnit <= 0)
        {
            return 0;
        }

        var size = Math.Ceiling(available * policy.AlertsPerUnit);
        return size >= long.MaxValue ? long.MaxValue : (long)size;
    }

    /// <summary>
    /// Plans the next alerts of a wave: the first <paramref name="count"/> of <paramref name="ordered"/>, in order.
    /// <paramref name="sentBefore"/> counts, per channel, the alerts of this wave already planned (earlier chunks), so
    /// the rate spacing carries on where they stopped.
    /// </summary>
    public static IReadOnlyList<PlannedAlert> Plan(
        IReadOnlyList<WaveCandidate> ordered, long count, DateTimeOffset waveStart, DateTimeOffset now,
        IReadOnlyDictionary<string, double> ratesPerSecond, Dictionary<string, long> sentBefore)
    {
        var take = (int)Math.Min(count, ordered.Count);
        var plan = new PlannedAlert[take];
        for (var i = 0; i < take; i++)
        {
            var candidate = ordered[i];
            var earliest = now;
            if (ratesPerSecond.TryGetValue(candidate.Channel, out var rate) && rate > 0)
            {
                var index = sentBefore.GetValueOrDefault(candidate.Channel);
                sentBefore[candidate.Channel] = index + 1;
                var slot = waveStart + TimeSpan.FromSeconds(index / rate);
                earliest = slot > now ? slot : now;
            }

            // Quiet hours alone (no send window) always leave an allowed instant within a day, so null never comes back here.
            plan[i] = new PlannedAlert(candidate, SendTimePlanner.NextAllowed(earliest, candidate.Zone, null, candidate.QuietHours) ?? earliest);
        }

        return plan;
    }

    /// <summary>True when <paramref name="at"/> is outside the candidate's quiet hours.</summary>
    public static bool IsAllowed(WaveCandidate candidate, DateTimeOffset at) => SendTimePlanner.IsAllowed(at, candidate.Zone, null, candidate.QuietHours);

    /// <summary>Parses an IANA (or Windows) zone id, UTC when unknown.</summary>
    public static TimeZoneInfo Zone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    internal static DailyWindow? Window(long? startMinutes, long? endMinutes) =>
        startMinutes is { } s && endMinutes is { } e ? new DailyWindow(TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(s)), TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(e))) : null;
}
