using Fairdrop.Exchange.Matching;

namespace Fairdrop.Restock.Planning;

/// <summary>The first instant at or after a time that falls outside a recipient's quiet hours, in their zone.</summary>
public static class QuietHours
{
    public static DateTimeOffset NextAllowed(DateTimeOffset at, TimeZoneInfo zone, DailyWindow? quiet)
    {
        if (quiet is not { } window || window.Start == window.End)
        {
            // No quiet hours; a window from a time to itself would silence the whole day, which we do not allow.
            return at;
        }

        // A window end skipped by a clock change lands on the first instant after the gap, which may still be quiet
        // (the allowed stretch fell inside the gap): look again from there, at most a few times.
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var next = EndOfQuiet(at, zone, window);
            if (next == at)
            {
                return at;
            }

            at = next;
        }

        return at;
    }

    private static DateTimeOffset EndOfQuiet(DateTimeOffset at, TimeZoneInfo zone, DailyWindow window)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        if (!window.Contains(TimeOnly.FromDateTime(local.DateTime)))
        {
            return at;
        }

        // Quiet: the end of the window today, or tomorrow when the window wraps past midnight and we are before it.
        var endDate = DateOnly.FromDateTime(local.DateTime);
        if (window.Start > window.End && TimeOnly.FromDateTime(local.DateTime) >= window.Start)
        {
            endDate = endDate.AddDays(1);
        }

        var endLocal = endDate.ToDateTime(window.End);
        // A local time skipped by a clock change moves on by the gap; an ambiguous one takes the later instant.
        while (zone.IsInvalidTime(endLocal))
        {
            endLocal = endLocal.AddMinutes(15);
        }

        var offset = zone.IsAmbiguousTime(endLocal) ? zone.GetAmbiguousTimeOffsets(endLocal).Min() : zone.GetUtcOffset(endLocal);
        var end = new DateTimeOffset(endLocal, offset);
        return end > at ? end : at;
    }
}
