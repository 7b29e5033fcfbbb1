using Fairdrop.Core.Storage;
using Fairdrop.SmsPrograms.Alerts;
using Fairdrop.SmsPrograms.Tests.Support;
using Fairdrop.Testing;

namespace Fairdrop.SmsPrograms.Tests.Flow;

/// <summary>
/// Marketing alerts planned inside legal hours, sent through the exchange's dispatcher to the Twilio-contract fake on
/// a fake clock: what arrives when, for a Florida number and a New York number in the same time zone.
/// </summary>
public abstract class AlertHoursContract : ProgramContract
{
    private const string Florida = "+13052530100";
    private const string NewYork = "+12122530100";
    private static readonly CancellationToken None = CancellationToken.None;
    [SkippableFact]
    public async Task RestockAlertAt2030_FloridaWaitsUntil0800NewYorkAtOnce()
    {
        // 20:30 EST on 5 March 2026.
        await using var h = await HarnessAsync(new DateTimeOffset(2026, 3, 6, 1, 30, 0, TimeSpan.Zero));
        var program = await h.ProgramAsync();
        await SubscribeAsync(h, Florida);
        await SubscribeAsync(h, NewYork);

        var plan = await h.Get<SmsAlertService>().SendAsync(h.MerchantId, program.Id, new SmsAlert("restock-1", "sku-1", "Red shoes are back"), None);
        await h.DispatchAsync();
        var at2030 = (Alerts(h, Florida), Alerts(h, NewYork));
        h.Time.SetUtcNow(new DateTimeOffset(2026, 3, 6, 12, 59, 0, TimeSpan.Zero)); // 07:59 EST
        await h.DispatchAsync();
        var at0759 = Alerts(h, Florida);
        h.Time.SetUtcNow(new DateTimeOffset(2026, 3, 6, 13, 0, 0, TimeSpan.Zero)); // 08:00 EST
        await h.DispatchAsync();

        Assert.True(plan.TryGetValue(out var p, out _));
        Assert.Equal((2, 1, 0), (p.Planned, p.Held, p.Dropped));
        Assert.Equal((0, 1), at2030);
        Assert.Equal(0, at0759);
        Assert.Equal(1, Alerts(h, Florida));
    }

    [SkippableFact]
    public async Task FourthAlertOnOneSubjectIn24Hours_FloridaHeldNewYorkNot()
    {
        // 10:00 EST.
        await using var h = await HarnessAsync(new DateTimeOffset(2026, 3, 5, 15, 0, 0, TimeSpan.Zero));
        var program = await h.ProgramAsync();
        await SubscribeAsync(h, Florida);
        await SubscribeAsync(h, NewYork);
        var alerts = h.Get<SmsAlertService>();

        for (var i = 1; i <= 3; i++)
        {
            await alerts.SendAsync(h.MerchantId, program.Id, new SmsAlert($"a{i}", "sku-1", $"Update {i} on red shoes"), None);
            h.Time.Advance(TimeSpan.FromHours(1));
        }

        var fourth = await alerts.SendAsync(h.MerchantId, program.Id, new SmsAlert("a4", "sku-1", "Update 4 on red shoes"), None);
        var other = await alerts.SendAsync(h.MerchantId, program.Id, new SmsAlert("b1", "sku-2", "Blue shoes are back"), None);
        await h.DispatchAsync();
        var now = (Alerts(h, Florida, "Update"), Alerts(h, NewYork, "Update"), Alerts(h, Florida, "Blue"));
        h.Time.SetUtcNow(new DateTimeOffset(2026, 3, 6, 14, 59, 0, TimeSpan.Zero));
        await h.DispatchAsync();
        var before24h = Alerts(h, Florida, "Update");
        h.Time.SetUtcNow(new DateTimeOffset(2026, 3, 6, 15, 0, 0, TimeSpan.Zero));
        await h.DispatchAsync();

        Assert.Equal(1, fourth.TryGetValue(out var f, out _) ? f.Held : -1);
        Assert.Equal(0, other.TryGetValue(out var o, out _) ? o.Held : -1);
        Assert.Equal((3, 4, 1), now);
        Assert.Equal(3, before24h);
        Assert.Equal(4, Alerts(h, Florida, "Update"));
    }

    [SkippableFact]
    public async Task Alert_DeadlineBeforeNextMorning_FloridaDroppedWithReason()
    {
        await using var h = await HarnessAsync(new DateTimeOffset(2026, 3, 6, 1, 30, 0, TimeSpan.Zero));
        var program = await h.ProgramAsync();
        await SubscribeAsync(h, Florida);

        var plan = await h.Get<SmsAlertService>().SendAsync(
            h.MerchantId, program.Id, new SmsAlert("flash", "sku-1", "Flash sale ends at midnight", h.Time.GetUtcNow().AddHours(3)), None);

        Assert.True(plan.TryGetValue(out var p, out _));
        Assert.Equal(1, p.Dropped);
        Assert.Equal(1, p.DropReasons[SmsPrograms.Hours.DropReasons.DeadlinePassed]);
    }

    [SkippableFact]
    public async Task SameAlertKeyTwice_PlannedOnceAndAnsweredAlike()
    {
        await using var h = await HarnessAsync(new DateTimeOffset(2026, 3, 6, 1, 30, 0, TimeSpan.Zero));
        var program = await h.ProgramAsync();
        await SubscribeAsync(h, Florida);
        await SubscribeAsync(h, NewYork);
        var alerts = h.Get<SmsAlertService>();

        var first = await alerts.SendAsync(h.MerchantId, program.Id, new SmsAlert("restock-1", "sku-1", "Red shoes are back"), None);
        var again = await alerts.SendAsync(h.MerchantId, program.Id, new SmsAlert("restock-1", "sku-1", "Red shoes are back"), None);
        h.Time.Advance(TimeSpan.FromHours(12));
        await h.DispatchAsync();

        Assert.True(first.TryGetValue(out var a, out _));
        Assert.True(again.TryGetValue(out var b, out _));
        Assert.Equal((2, 1, 0), (a.Planned, a.Held, a.Dropped));
        Assert.Equal((a.Planned, a.Held, a.Dropped), (b.Planned, b.Held, b.Dropped));
        Assert.Equal((1, 1), (Alerts(h, Florida), Alerts(h, NewYork)));
    }

    private static async Task SubscribeAsync(ProgramHarness h, string phone)
    {
        await h.TextAsync(phone, "DROPS", $"SM-{phone}-join");
        await h.TextAsync(phone, "Y", $"SM-{phone}-y");
        await h.DispatchAsync();
    }

    private static int Alerts(ProgramHarness h, string phone, string marker = "shoes") =>
        h.TextsTo(phone).Count(t => t.Contains(marker, StringComparison.Ordinal));
}

public sealed class SqliteAlertHoursTests : AlertHoursContract
{
    protected override StorageProvider Provider => StorageProvider.Sqlite;
}

public sealed class PostgresAlertHoursTests : AlertHoursContract
{
    protected override StorageProvider Provider => StorageProvider.Postgres;
}
