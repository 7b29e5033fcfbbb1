using System.Globalization;
using Fairdrop.Core.Errors;
using Fairdrop.Mailboxes.Model;
using Fairdrop.Mailboxes.Ranges;

namespace Fairdrop.Mailboxes.Tests.Ranges;

public sealed class RangeRulesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-15T12:00:00Z", CultureInfo.InvariantCulture);
    private static readonly Guid AccountId = Guid.CreateVersion7();

    [Theory]
    [InlineData(0, "length")]
    [InlineData(-5, "length")]
    public void Validate_RollingLengthNotPositive_NamesLength(int seconds, string field)
    {
        var error = RangeRules.Validate(new RangeSpec(RangeKind.Rolling, TimeSpan.FromSeconds(seconds)));
        Assert.Equal(ErrorCodes.ValidationFailed, error?.Code);
        Assert.Equal(field, error?.Field);
    }

    [Fact]
    public void Validate_StartAfterDeadline_NamesStart()
    {
        var error = RangeRules.Validate(new RangeSpec(RangeKind.Between, Start: Now, Deadline: Now.AddTicks(-TimeSpan.TicksPerMillisecond)), "ranges[0].");
        Assert.Equal("ranges[0].start", error?.Field);
    }

    [Fact]
    public void Validate_StartEqualsDeadline_IsOneInstant()
    {
        var range = new RangeSpec(RangeKind.Between, Start: Now, Deadline: Now);
        Assert.Null(RangeRules.Validate(range));
        var interval = RangeRules.Resolve(range, Now);
        Assert.True(interval.Contains(Now.ToUnixTimeMilliseconds()));
        Assert.False(interval.Contains(Now.ToUnixTimeMilliseconds() + 1));
    }

    [Theory]
    [InlineData(RangeKind.Since, "start")]
    [InlineData(RangeKind.Until, "deadline")]
    [InlineData(RangeKind.Between, "start")]
    [InlineData(RangeKind.Rolling, "length")]
    public void Validate_MissingBound_NamesIt(RangeKind kind, string field) =>
        Assert.Equal(field, RangeRules.Validate(new RangeSpec(kind))?.Field);

    [Fact]
    public void Resolve_BothEndsInclusive_ForEveryKind()
    {
        var start = Now.AddDays(-10);
        var nowMs = Now.ToUnixTimeMilliseconds();
        var rolling = RangeRules.Resolve(new RangeSpec(RangeKind.Rolling, TimeSpan.FromDays(30)), Now);
        Assert.True(rolling.Contains(Now.AddDays(-30).ToUnixTimeMilliseconds()));
        Assert.False(rolling.Contains(Now.AddDays(-30).ToUnixTimeMilliseconds() - 1));
        Assert.True(rolling.Contains(nowMs));
        Assert.False(rolling.Contains(nowMs + 1));

        var since = RangeRules.Resolve(new RangeSpec(RangeKind.Since, Start: start), Now);
        Assert.True(since.Contains(start.ToUnixTimeMilliseconds()));
        Assert.False(since.Contains(start.ToUnixTimeMilliseconds() - 1));

        var until = RangeRules.Resolve(new RangeSpec(RangeKind.Until, Deadline: start), Now);
        Assert.True(until.Contains(0));
        Assert.True(until.Contains(start.ToUnixTimeMilliseconds()));
        Assert.False(until.Contains(start.ToUnixTimeMilliseconds() + 1));
    }

    [Fact]
    public void Resolve_SinceStartInFuture_IsEmpty() =>
        Assert.Empty(Interval.Normalize([RangeRules.Resolve(new RangeSpec(RangeKind.Since, Start: Now.AddDays(1)), Now)]));

    [Fact]
    public void Resolve_SameInstantInAnotherOffset_SameInterval()
    {
        // Ranges are instants: a clock that reads local time in another zone (or a DST jump) changes nothing.
        var range = new RangeSpec(RangeKind.Rolling, TimeSpan.FromDays(30));
        Assert.Equal(RangeRules.Resolve(range, Now), RangeRules.Resolve(range, Now.ToOffset(TimeSpan.FromHours(-7))));
        var auditor = new RangeSpec(RangeKind.Between, Start: DateTimeOffset.Parse("2026-01-01T01:00:00+01:00", CultureInfo.InvariantCulture), Deadline: DateTimeOffset.Parse("2026-03-31T23:59:59Z", CultureInfo.InvariantCulture));
        Assert.Equal(RangeRules.Resolve(auditor, Now), RangeRules.Resolve(auditor with { Start = auditor.Start!.Value.ToUniversalTime() }, Now));
    }

    [Fact]
    public void Combine_UserBeatsEmployeeBeatsRoleBeatsDefault()
    {
        var user = Guid.CreateVersion7();
        var employee = Guid.CreateVersion7();
        var levels = RangeRules.Levels(user, employee, "support");
        var roleRange = Range(MailboxUser.ForRole("support"), RangeKind.Rolling);
        var defaultRange = Range(MailboxUser.Default, RangeKind.Rolling);
        var employeeRange = Range(MailboxUser.ForEmployee(employee), RangeKind.Rolling);
        var userRange = Range(MailboxUser.ForUser(user), RangeKind.Rolling);

        Assert.Equal(MailboxUser.Default, RangeRules.Combine([defaultRange], levels).From);
        Assert.Equal(MailboxUser.ForRole("support"), RangeRules.Combine([defaultRange, roleRange], levels).From);
        Assert.Equal(MailboxUser.ForEmployee(employee), RangeRules.Combine([defaultRange, roleRange, employeeRange], levels).From);
        var all = RangeRules.Combine([defaultRange, roleRange, employeeRange, userRange], levels);
        Assert.Equal(MailboxUser.ForUser(user), all.From);
        Assert.Equal([userRange], all.Ranges);
    }

    [Fact]
    public void Combine_SeveralRangesAtOneLevel_AddUp()
    {
        var role = MailboxUser.ForRole("auditor");
        var q1 = new RangeSpec(RangeKind.Between, Start: Now.AddDays(-200), Deadline: Now.AddDays(-110));
        var recent = new RangeSpec(RangeKind.Rolling, TimeSpan.FromDays(7));
        var (from, ranges) = RangeRules.Combine([new MailboxRange(Guid.NewGuid(), AccountId, role, q1, Now), new MailboxRange(Guid.NewGuid(), AccountId, role, recent, Now)], RangeRules.Levels(null, null, "auditor"));
        Assert.Equal(role, from);
        var intervals = RangeRules.Intervals(ranges, Now);
        Assert.Equal(2, intervals.Count);
        Assert.Contains(intervals, i => i.Contains(Now.AddDays(-150).ToUnixTimeMilliseconds()));
        Assert.DoesNotContain(intervals, i => i.Contains(Now.AddDays(-50).ToUnixTimeMilliseconds()));
    }

    [Fact]
    public void Combine_NoRangeAnywhere_SeesNothing()
    {
        var (from, ranges) = RangeRules.Combine([Range(MailboxUser.ForRole("other"), RangeKind.Rolling)], RangeRules.Levels(Guid.NewGuid(), null, "support"));
        Assert.Null(from);
        Assert.Empty(ranges);
        Assert.Equal("1 = 0", RangePredicate.For(RangeRules.Intervals(ranges, Now)).Sql);
    }

    [Fact]
    public void Normalize_OverlappingAndTouching_Merge()
    {
        var merged = Interval.Normalize([new Interval(10, 20), new Interval(21, 30), new Interval(5, 12), new Interval(40, 50), new Interval(60, 55)]);
        Assert.Equal([new Interval(5, 30), new Interval(40, 50)], merged);
    }

    [Fact]
    public void MailboxUser_Parse_RoundTrips()
    {
        foreach (var text in new[] { "role:support", $"user:{Guid.NewGuid():D}", $"employee:{Guid.NewGuid():D}", "default" })
        {
            Assert.True(MailboxUser.TryParse(text, out var user));
            Assert.Equal(text, user.ToString());
        }

        Assert.False(MailboxUser.TryParse("user:not-a-guid", out _));
        Assert.False(MailboxUser.TryParse("team:x", out _));
    }

    private static MailboxRange Range(MailboxUser subject, RangeKind kind) => new(Guid.NewGuid(), AccountId, subject, new RangeSpec(kind, TimeSpan.FromDays(1)), Now);
}
