using CsCheck;
using Fairdrop.SmsPrograms.Hours;

namespace Fairdrop.SmsPrograms.Tests.Hours;

/// <summary>The allowed-hours planner: worked examples across DST changes, then properties over zones, rules and instants.</summary>
public sealed class LegalHoursPlannerTests
{
    private static readonly TimeZoneInfo NewYork = Zone("America/New_York");
    private static readonly TimeZoneInfo Chicago = Zone("America/Chicago");

    private static readonly IReadOnlyList<TimeZoneInfo>[] ZoneSets =
    [
        [NewYork], [Chicago], [Zone("America/Denver")], [Zone("America/Phoenix")], [Zone("America/Los_Angeles")], [Zone("America/Anchorage")],
        [Zone("Pacific/Honolulu")], [NewYork, Chicago], [Chicago, Zone("America/Denver")], [Zone("Europe/London")], [Zone("Australia/Lord_Howe")],
    ];

    private static readonly HoursRule[] Rules = [HoursRules.Federal, HoursRules.Florida, HoursRules.Washington];

    [Fact]
    public void Plan_FloridaAt2030_WaitsUntil0800NextDay()
    {
        var now = Local(NewYork, 2026, 3, 5, 20, 30);

        var planned = LegalHoursPlanner.Plan(now, null, new RecipientLocation([NewYork], HoursRules.Florida), []);

        Assert.Equal(Local(NewYork, 2026, 3, 6, 8, 0), planned.SendAt);
    }

    [Fact]
    public void Plan_NewYorkAt2030_GoesAtOnce()
    {
        var now = Local(NewYork, 2026, 3, 5, 20, 30);

        Assert.Equal(now, LegalHoursPlanner.Plan(now, null, new RecipientLocation([NewYork], HoursRules.Federal), []).SendAt);
    }

    [Fact]
    public void Plan_NightOfSpringForward_WaitsUntil0800Daylight()
    {
        var now = new DateTimeOffset(2026, 3, 8, 6, 30, 0, TimeSpan.Zero); // 01:30 EST, half an hour before the clocks jump

        var planned = LegalHoursPlanner.Plan(now, null, new RecipientLocation([NewYork], HoursRules.Federal), []);

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 12, 0, 0, TimeSpan.Zero), planned.SendAt); // 08:00 EDT
    }

    [Fact]
    public void Plan_NightOfFallBack_WaitsUntil0800Standard()
    {
        var now = new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero); // 01:30 EDT, the first of the two 01:30s

        var planned = LegalHoursPlanner.Plan(now, null, new RecipientLocation([NewYork], HoursRules.Federal), []);

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 13, 0, 0, TimeSpan.Zero), planned.SendAt); // 08:00 EST
    }

    [Fact]
    public void Plan_NumberInTwoZones_WaitsForTheLaterMorning()
    {
        var now = Local(NewYork, 2026, 6, 1, 8, 30); // 07:30 in Chicago

        var planned = LegalHoursPlanner.Plan(now, null, new RecipientLocation([NewYork, Chicago], HoursRules.Federal), []);

        Assert.Equal(Local(Chicago, 2026, 6, 1, 8, 0), planned.SendAt);
    }

    [Fact]
    public void Plan_DeadlineBeforeNextMorning_DroppedWithReason()
    {
        var now = Local(NewYork, 2026, 3, 5, 20, 30);

        var planned = LegalHoursPlanner.Plan(now, now.AddHours(2), new RecipientLocation([NewYork], HoursRules.Florida), []);

        Assert.Null(planned.SendAt);
        Assert.Equal(DropReasons.DeadlinePassed, planned.DropReason);
    }

    [Fact]
    public void Plan_FourthOnOneSubjectInFlorida_HeldUntilTheFirstIs24HoursOld()
    {
        var first = Local(NewYork, 2026, 3, 5, 10, 0);
        var sent = new[] { first, first.AddHours(1), first.AddHours(2) };

        var planned = LegalHoursPlanner.Plan(first.AddHours(3), null, new RecipientLocation([NewYork], HoursRules.Florida), sent);
        var federal = LegalHoursPlanner.Plan(first.AddHours(3), null, new RecipientLocation([NewYork], HoursRules.Federal), sent);

        Assert.Equal(first.AddHours(24), planned.SendAt);
        Assert.Equal(first.AddHours(3), federal.SendAt);
    }

    [Fact]
    public void NextAllowed_AnyZoneRuleAndInstant_AllowedAndNothingAllowedEarlier()
    {
        Gen.Select(Gen.Int[0, ZoneSets.Length - 1], Gen.Int[0, Rules.Length - 1], Gen.Long[1_700_000_000L, 1_830_000_000L])
            .Sample((zones, rule, seconds) =>
            {
                var location = new RecipientLocation(ZoneSets[zones], Rules[rule]);
                var now = DateTimeOffset.FromUnixTimeSeconds(seconds);

                var next = LegalHoursPlanner.NextAllowed(now, location);

                Assert.NotNull(next);
                Assert.True(next >= now);
                Assert.True(next - now <= TimeSpan.FromHours(26), $"{next - now} from {now:O}");
                Assert.True(LegalHoursPlanner.IsAllowed(next.Value, location), $"{next:O} is not allowed");
                for (var t = now; t < next.Value; t = t.AddMinutes(10))
                {
                    Assert.False(LegalHoursPlanner.IsAllowed(t, location), $"{t:O} was allowed before {next:O}");
                }
            }, iter: 2_000);
    }

    [Fact]
    public void Plan_AnySubjectHistory_NeverMoreThanTheCapIn24Hours()
    {
        var location = new RecipientLocation([NewYork], HoursRules.Florida);
        Gen.Select(Gen.Long[1_750_000_000L, 1_800_000_000L], Gen.Int[0, 86_399].Array[0, 6])
            .Sample((seconds, ago) =>
            {
                var now = DateTimeOffset.FromUnixTimeSeconds(seconds);
                var sent = ago.Select(a => now.AddSeconds(-a)).ToList();

                var planned = LegalHoursPlanner.Plan(now, null, location, sent).SendAt!.Value;

                Assert.True(sent.Count(s => s > planned.AddHours(-24) && s <= planned) < 3, $"{planned:O} after {string.Join(", ", sent)}");
                Assert.True(LegalHoursPlanner.IsAllowed(planned, location));
            }, iter: 1_000);
    }

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    private static DateTimeOffset Local(TimeZoneInfo zone, int year, int month, int day, int hour, int minute)
    {
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
