using CsCheck;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Tests.Matching;

/// <summary>Quiet hours and send windows in IANA zones, across DST changes: the planned time is allowed, not early, and the first.</summary>
public sealed class SendTimePlannerPropertyTests
{
    private static readonly string[] Zones = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "America/Santiago", "Pacific/Chatham", "UTC"];

    // Instants clustered around 2025's DST changes in both hemispheres, where the arithmetic breaks if it is wrong.
    private static readonly DateTimeOffset[] Anchors =
    [
        new(2025, 3, 9, 0, 0, 0, TimeSpan.Zero), new(2025, 3, 30, 0, 0, 0, TimeSpan.Zero), new(2025, 4, 5, 0, 0, 0, TimeSpan.Zero),
        new(2025, 10, 26, 0, 0, 0, TimeSpan.Zero), new(2025, 11, 2, 0, 0, 0, TimeSpan.Zero), new(2025, 9, 6, 0, 0, 0, TimeSpan.Zero),
    ];

    private static readonly Gen<TimeOnly> Minute = Gen.Int[0, (24 * 60) - 1].Select(m => new TimeOnly(m / 60, m % 60));
    private static readonly Gen<DailyWindow?> Window = Gen.Frequency((1, Gen.Const((DailyWindow?)null)), (4, Gen.Select(Minute, Minute, (a, b) => (DailyWindow?)new DailyWindow(a, b))));
    private static readonly Gen<DateTimeOffset> Now = Gen.Select(Gen.Int[0, Anchors.Length - 1], Gen.Int[-3 * 24 * 60, 3 * 24 * 60], (a, m) => Anchors[a].AddMinutes(m));
    private static readonly Gen<TimeZoneInfo> Zone = Gen.Int[0, Zones.Length - 1].Select(i => TimeZones.Find(Zones[i])!);

    [Fact]
    public void NextAllowed_IsAllowedNotEarlyAndFirst()
    {
        Gen.Select(Now, Zone, Window, Window).Sample((now, zone, window, quiet) =>
        {
            var next = SendTimePlanner.NextAllowed(now, zone, window, quiet);
            if (next is not { } at)
            {
                // Nothing found: then no minute in the horizon may be allowed either.
                return !AnyAllowedMinute(now, now.AddDays(8), zone, window, quiet);
            }

            return at >= now
                && SendTimePlanner.IsAllowed(at, zone, window, quiet)
                && !AnyAllowedMinute(now, at, zone, window, quiet);
        }, iter: 300);
    }

    [Fact]
    public void NextAllowed_SpringForwardIntoWindowStart_IsTheClockChange()
    {
        // New York, 9 March 2025: 02:00 EST becomes 03:00 EDT at 07:00Z. A window opening at 02:30 opens then.
        var zone = TimeZones.Find("America/New_York")!;
        var now = new DateTimeOffset(2025, 3, 9, 5, 0, 0, TimeSpan.Zero); // 00:00 EST

        var next = SendTimePlanner.NextAllowed(now, zone, new DailyWindow(new TimeOnly(2, 30), new TimeOnly(20, 0)), null);

        Assert.Equal(new DateTimeOffset(2025, 3, 9, 7, 0, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void NextAllowed_QuietHoursInParis_EndsAtLocalMorningAcrossFallBack()
    {
        // Paris, 26 October 2025: clocks go back at 03:00 CEST. Quiet 22:00-08:00 ends at 08:00 CET = 07:00Z.
        var zone = TimeZones.Find("Europe/Paris")!;
        var now = new DateTimeOffset(2025, 10, 25, 21, 0, 0, TimeSpan.Zero); // 23:00 CEST

        var next = SendTimePlanner.NextAllowed(now, zone, null, new DailyWindow(new TimeOnly(22, 0), new TimeOnly(8, 0)));

        Assert.Equal(new DateTimeOffset(2025, 10, 26, 7, 0, 0, TimeSpan.Zero), next);
    }

    private static bool AnyAllowedMinute(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, DailyWindow? window, DailyWindow? quiet)
    {
        // Window edges are whole minutes and zone changes fall on whole minutes, so checking each minute is exhaustive.
        var start = new DateTimeOffset(from.UtcTicks - (from.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        for (var t = start; t < to; t = t.AddMinutes(1))
        {
            if (t >= from && SendTimePlanner.IsAllowed(t, zone, window, quiet))
            {
                return true;
            }
        }

        return false;
    }
}
