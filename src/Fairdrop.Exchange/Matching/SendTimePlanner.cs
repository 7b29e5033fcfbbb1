namespace Fairdrop.Exchange.Matching;

/// <summary>
/// Finds the first instant at or after now at which the local wall-clock time of a zone lies inside the sender's
/// window and outside the recipient's quiet hours. DST-safe: the allowed set, seen in UTC, can only begin at a
/// window boundary (mapped through every offset the zone gives that local time) or at a clock change; those
/// instants, plus now, are the only candidates. Other modules plan with it too (restock's waves), so quiet hours
/// have one rule in Fairdrop.
/// </summary>
public static class SendTimePlanner
{
    private const int HorizonDays = 8;

    /// <summary>True when <paramref name="instant"/>, in <paramref name="zone"/>, is inside the window and outside quiet hours.</summary>
    public static bool IsAllowed(DateTimeOffset instant, TimeZoneInfo zone, DailyWindow? window, DailyWindow? quiet)
    {
        if (window is null && quiet is null)
        {
            return true; // Most recipients have neither: no zone conversion for them.
        }

        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
        return IsAllowedLocal(local, window, quiet);
    }

    /// <summary>As <see cref="IsAllowed"/>, for a local wall-clock time.</summary>
    public static bool IsAllowedLocal(TimeOnly local, DailyWindow? window, DailyWindow? quiet) =>
        (window is not { } w || w.Contains(local)) && (quiet is not { } q || q.Start == q.End || !q.Contains(local));

    /// <summary>The first allowed instant in the next eight days, or null when there is none (the windows never meet).</summary>
    public static DateTimeOffset? NextAllowed(DateTimeOffset now, TimeZoneInfo zone, DailyWindow? window, DailyWindow? quiet)
    {
        if (IsAllowed(now, zone, window, quiet))
        {
            return now;
        }

        DateTimeOffset? best = null;
        var end = now.AddDays(HorizonDays);
        var localDay = TimeZoneInfo.ConvertTime(now, zone).Date.AddDays(-1);
        for (var d = 0; d <= HorizonDays + 1; d++, localDay = localDay.AddDays(1))
        {
            Consider(localDay, window?.Start);
            Consider(localDay, window?.End);
            Consider(localDay, quiet?.Start);
            Consider(localDay, quiet?.End);
            ConsiderClockChange(localDay);
        }

        return best;

        void Consider(DateTime day, TimeOnly? boundary)
        {
            if (boundary is not { } time)
            {
                return;
            }

            var local = day.Add(time.ToTimeSpan());
            if (zone.IsInvalidTime(local))
            {
                return; // Skipped by a clock change, which ConsiderClockChange covers.
            }

            if (zone.IsAmbiguousTime(local))
            {
                foreach (var offset in zone.GetAmbiguousTimeOffsets(local))
                {
                    Offer(new DateTimeOffset(local, offset));
                }
            }
            else
            {
                Offer(new DateTimeOffset(local, zone.GetUtcOffset(local)));
            }
        }

        void ConsiderClockChange(DateTime day)
        {
            // A day's first and last instants carry different offsets exactly when the clock changes that day.
            var from = new DateTimeOffset(day.AddHours(-14), TimeSpan.Zero);
            var to = from.AddHours(52);
            if (zone.GetUtcOffset(from) == zone.GetUtcOffset(to))
            {
                return;
            }

            while (to - from > TimeSpan.FromSeconds(1))
            {
                var middle = from + ((to - from) / 2);
                if (zone.GetUtcOffset(middle) == zone.GetUtcOffset(from))
                {
                    from = middle;
                }
                else
                {
                    to = middle;
                }
            }

            Offer(new DateTimeOffset(to.UtcTicks - (to.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero));
        }

        void Offer(DateTimeOffset candidate)
        {
            if (candidate < now || candidate > end || (best is { } b && candidate >= b))
            {
                return;
            }

            if (IsAllowed(candidate, zone, window, quiet))
            {
                best = candidate.ToUniversalTime();
            }
        }
    }
}
