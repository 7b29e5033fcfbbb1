using Fairdrop.Exchange.Matching;

namespace Fairdrop.SmsPrograms.Hours;

/// <summary>
/// Plans one marketing text inside its recipient's allowed hours (every zone the number may be in, each through the
/// exchange's DST-safe <see cref="SendTimePlanner"/>) and under the subject limit of its jurisdiction: the first
/// allowed moment at or after now, or a drop with a reason when that moment is past the deadline.
/// </summary>
internal static class LegalHoursPlanner
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    // Enough rounds for zones whose windows overlap at all; each round moves forward to some zone's next opening.
    private const int MaxRounds = 16;

    /// <summary>
    /// The send time for a text to <paramref name="location"/> planned at <paramref name="now"/>, given the times of
    /// the texts on the same subject already planned for this recipient (any order).
    /// </summary>
    public static PlannedSend Plan(DateTimeOffset now, DateTimeOffset? deadline, RecipientLocation location, IReadOnlyList<DateTimeOffset> sentOnSubject)
    {
        var earliest = location.Rule.PerSubjectPer24Hours is { } cap ? AfterSubjectLimit(now, cap, sentOnSubject) : now;
        if (NextAllowed(earliest, location) is not { } sendAt)
        {
            return PlannedSend.Dropped(DropReasons.NoAllowedTime);
        }

        return deadline is { } d && sendAt > d ? PlannedSend.Dropped(DropReasons.DeadlinePassed) : PlannedSend.At(sendAt);
    }

    /// <summary>The first instant at or after <paramref name="from"/> inside the rule's hours in every zone, or null.</summary>
    public static DateTimeOffset? NextAllowed(DateTimeOffset from, RecipientLocation location)
    {
        var window = location.Rule.Hours;
        var candidate = from;
        for (var round = 0; round < MaxRounds; round++)
        {
            var moved = false;
            foreach (var zone in location.Zones)
            {
                if (SendTimePlanner.NextAllowed(candidate, zone, window, null) is not { } next)
                {
                    return null;
                }

                if (next > candidate)
                {
                    candidate = next;
                    moved = true;
                }
            }

            if (!moved)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>True when a text at <paramref name="instant"/> is inside the rule's hours in every zone of the location.</summary>
    public static bool IsAllowed(DateTimeOffset instant, RecipientLocation location)
    {
        foreach (var zone in location.Zones)
        {
            if (!SendTimePlanner.IsAllowed(instant, zone, location.Rule.Hours, null))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first instant from which fewer than <paramref name="cap"/> of the sends lie in the 24 hours before it.</summary>
    private static DateTimeOffset AfterSubjectLimit(DateTimeOffset now, int cap, IReadOnlyList<DateTimeOffset> sent)
    {
        if (sent.Count < cap)
        {
            return now;
        }

        // A new text at t needs fewer than cap sends in (t - 24h, t]: the cap-th latest send must have left the window.
        var ordered = sent.Order().ToList();
        var limitedBy = ordered[^cap];
        return limitedBy + Day > now ? limitedBy + Day : now;
    }
}
