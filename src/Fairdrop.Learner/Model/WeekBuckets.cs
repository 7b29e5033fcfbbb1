using Fairdrop.Exchange.Matching;

namespace Fairdrop.Learner.Model;

/// <summary>
/// The learner's time arms: the hour of the week in the recipient's zone, cut into 7 days × 6 four-hour dayparts
/// (42 buckets). Coarse on purpose (docs/adr/0022): a shopper gets a few alerts a week, so 168 hourly arms would each
/// see almost nothing, while four hours still tell the morning desk from the evening sofa.
/// </summary>
internal static class WeekBuckets
{
    public const int HoursPerDaypart = 4;
    public const int Dayparts = 24 / HoursPerDaypart;
    public const int Count = 7 * Dayparts;

    /// <summary>Channels the learner keeps arms for: every <see cref="Channel"/>.</summary>
    public const int Channels = 5;

    public static int Of(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return ((int)local.DayOfWeek * Dayparts) + (local.Hour / HoursPerDaypart);
    }

    public static int Daypart(int bucket) => bucket % Dayparts;

    /// <summary>The first instant after <paramref name="instant"/> at which the local daypart changes.</summary>
    public static DateTimeOffset NextBoundary(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var hoursToNext = HoursPerDaypart - (local.Hour % HoursPerDaypart);
        var next = local.Date.AddHours(local.Hour + hoursToNext);
        var utc = next.AddTicks(-(long)local.Offset.Ticks);
        // Through a clock change the wall-clock boundary may be off by the shift; an hour later is never wrong by more.
        var candidate = new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Unspecified), TimeSpan.Zero);
        return candidate > instant ? candidate : instant.AddHours(1);
    }

    public static string Describe(int bucket)
    {
        var start = Daypart(bucket) * HoursPerDaypart;
        return $"{(DayOfWeek)(bucket / Dayparts)} {start:00}:00–{start + HoursPerDaypart:00}:00";
    }
}
