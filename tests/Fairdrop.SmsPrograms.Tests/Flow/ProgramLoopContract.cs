using System.Text.RegularExpressions;
using Fairdrop.Core.Storage;
using Fairdrop.SmsPrograms.Referrals;
using Fairdrop.SmsPrograms.Subscribers;
using Fairdrop.SmsPrograms.Tests.Support;
using Fairdrop.Testing;

namespace Fairdrop.SmsPrograms.Tests.Flow;

/// <summary>
/// The opt-in and referral loop through signed inbound texts, the exchange's dispatcher and the Twilio-contract fake,
/// on SQLite and PostgreSQL alike: what each number is sent, what the consent record and the report say.
/// </summary>
public abstract partial class ProgramLoopContract : ProgramContract
{
    private const string Ana = "+16502530000";
    private const string Ben = "+16502530001";
    private const string Cleo = "+16502530002";
    private static readonly CancellationToken None = CancellationToken.None;
    [SkippableFact]
    public async Task KeywordJoin_YesWelcomeFriendTextsCodeYes_AttributedAndRewardedOnce()
    {
        await using var h = await HarnessAsync();
        var program = await h.ProgramAsync(rewardCodes: ["SAVE10-A", "SAVE10-B"]);

        await h.TextAsync(Ana, "drops", "SM-a1");
        await h.DispatchAsync();
        var beforeYes = h.TextsTo(Ana);
        await h.TextAsync(Ana, "Y", "SM-a2");
        await h.DispatchAsync();
        var code = CodeIn(h.TextsTo(Ana).Single(t => t.StartsWith("Welcome", StringComparison.Ordinal)));
        await h.TextAsync(Ben, $"DROPS {code}", "SM-b1");
        await h.DispatchAsync();
        var benBeforeYes = h.TextsTo(Ben);
        await h.TextAsync(Ben, "yes", "SM-b2");
        await h.DispatchAsync();

        Assert.Equal([program.ConfirmationText], beforeYes);
        Assert.Equal([program.ConfirmationText], benBeforeYes);
        var welcome = h.TextsTo(Ana).Single(t => t.StartsWith("Welcome", StringComparison.Ordinal));
        Assert.Contains("Acme Drops", welcome, StringComparison.Ordinal);
        Assert.Contains("Up to 6 msgs/month", welcome, StringComparison.Ordinal);
        Assert.Contains("Msg & data rates may apply", welcome, StringComparison.Ordinal);
        Assert.Contains($"text DROPS {code} to {FakeTwilio.From}", welcome, StringComparison.Ordinal);
        Assert.Single(h.TextsTo(Ana), t => t.Contains("Your reward: SAVE10-A", StringComparison.Ordinal));
        Assert.Equal(2, h.TextsTo(Ben).Count);
        var report = (await h.Get<SmsProgramReports>().ReportAsync(h.MerchantId, program.Id, None)).TryGetValue(out var r, out _) ? r : null;
        Assert.Equal(new Reports.ReferralFunnel(OffersSent: 2, CodesUsed: 1, ConfirmedFriends: 1, Rewards: 1), report!.Funnel);
        Assert.Equal(1.0, report.ConfirmationRate);
        var referrer = Assert.Single(report.Referrers);
        Assert.Equal(new Reports.ReferrerFunnel(referrer.SubscriberId, 1, 1, 1), referrer);
        var steps = await StepsAsync(h, program.Id);
        Assert.Equal(
            [ConsentSteps.Requested, ConsentSteps.ConfirmationSent, ConsentSteps.Confirmed, ConsentSteps.WelcomeSent],
            steps.Where(s => s.SubscriberId != referrer.SubscriberId).Select(s => s.Step));
        Assert.Equal("SM-b1", steps.First(s => s.SubscriberId != referrer.SubscriberId).MessageId);
        Assert.All(steps, s => Assert.NotNull(s.MessageId));
    }

    [SkippableFact]
    public async Task Stop_MidProgram_EndsAtOnceConfirmedOnceHeldAlertDropped()
    {
        await using var h = await HarnessAsync(new DateTimeOffset(2026, 3, 6, 7, 0, 0, TimeSpan.Zero)); // 23:00 in California (650)
        var program = await h.ProgramAsync();
        await JoinAsync(h, Ana, "1");
        var planned = await h.Get<SmsAlertService>().SendAsync(h.MerchantId, program.Id, new Alerts.SmsAlert("a1", "sku-1", "Red shoes are back"), None);

        await h.TextAsync(Ana, "STOP", "SM-stop1");
        await h.TextAsync(Ana, "stop", "SM-stop2");
        h.Time.Advance(TimeSpan.FromHours(12));
        await h.DispatchAsync();
        var after = await h.Get<SmsAlertService>().SendAsync(h.MerchantId, program.Id, new Alerts.SmsAlert("a2", "sku-1", "Blue shoes are back"), None);

        Assert.Equal(1, planned.TryGetValue(out var p, out _) ? p.Held : -1);
        Assert.Single(h.TextsTo(Ana), t => t.Contains("unsubscribed", StringComparison.Ordinal));
        Assert.DoesNotContain(h.TextsTo(Ana), t => t.Contains("shoes", StringComparison.Ordinal));
        Assert.Equal(0, after.TryGetValue(out var a, out _) ? a.Planned : -1);
        Assert.Equal(1, (await StepsAsync(h, program.Id)).Count(s => s.Step == ConsentSteps.StopConfirmed));
    }

    [SkippableFact]
    public async Task Start_AfterStop_FreshConfirmationThenActive()
    {
        await using var h = await HarnessAsync();
        var program = await h.ProgramAsync();
        await JoinAsync(h, Ana, "1");
        await h.TextAsync(Ana, "STOP", "SM-stop");

        await h.TextAsync(Ana, "START", "SM-start");
        await h.DispatchAsync();
        var pendingTexts = h.TextsTo(Ana).Count(t => t == program.ConfirmationText);
        await h.TextAsync(Ana, "Y", "SM-y2");
        await h.DispatchAsync();

        Assert.Equal(2, pendingTexts);
        Assert.Equal(2, h.TextsTo(Ana).Count(t => t.StartsWith("Welcome", StringComparison.Ordinal)));
        Assert.Contains(ConsentSteps.Rejoined, (await StepsAsync(h, program.Id)).Select(s => s.Step));
    }

    [SkippableFact]
    public async Task SameMessageSidTwice_OneEffect()
    {
        await using var h = await HarnessAsync();
        var program = await h.ProgramAsync();

        var first = await h.TextAsync(Ana, "DROPS", "SM-same");
        var second = await h.TextAsync(Ana, "DROPS", "SM-same");
        await h.DispatchAsync();

        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.Single(h.TextsTo(Ana));
        Assert.Single(await StepsAsync(h, program.Id), s => s.Step == ConsentSteps.Requested);
    }

    [SkippableFact]
    public async Task KeywordAndYes_StoredThenCrashBeforeHandling_HandledOnceAfterRestart()
    {
        var first = await HarnessAsync();
        var program = await first.ProgramAsync();
        await first.ReceiveAsync(Ana, "DROPS", "SM-c1");
        var stepsBeforeCrash = await StepsAsync(first, program.Id);

        await using var h = await first.RestartAsync();
        var handled = await h.Get<Exchange.Inbound.InboundService>().HandleWaitingAsync(None);
        await h.TextAsync(Ana, "Y", "SM-c2");
        await h.TextAsync(Ana, "DROPS", "SM-c1"); // Twilio's retry of the webhook that came before the crash
        await h.DispatchAsync();

        Assert.Empty(stepsBeforeCrash);
        Assert.Equal(1, handled);
        Assert.Equal(
            [ConsentSteps.Requested, ConsentSteps.ConfirmationSent, ConsentSteps.Confirmed, ConsentSteps.WelcomeSent],
            (await StepsAsync(h, program.Id)).Select(s => s.Step));
        Assert.Equal(1, h.TextsTo(Ana).Count(t => t == program.ConfirmationText));
        Assert.Single(h.TextsTo(Ana), t => t.StartsWith("Welcome", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task UnknownKeyword_HelpTextAndNoConsentStored()
    {
        await using var h = await HarnessAsync();
        var program = await h.ProgramAsync();

        await h.TextAsync(Ana, "HELLO", "SM-hello");
        await h.DispatchAsync();

        Assert.Equal([program.HelpText], h.TextsTo(Ana));
        Assert.Empty(await StepsAsync(h, program.Id));
    }

    [SkippableFact]
    public async Task ConfirmationWithoutPendingRequest_IgnoredNothingSent()
    {
        await using var h = await HarnessAsync();
        var program = await h.ProgramAsync();

        await h.TextAsync(Ana, "YES", "SM-y");
        await h.DispatchAsync();

        Assert.Empty(h.TextsTo(Ana));
        Assert.Empty(await StepsAsync(h, program.Id));
    }

    [SkippableFact]
    public async Task ReferrerLeft_FriendStillJoinsNoReward()
    {
        await using var h = await HarnessAsync();
        var program = await h.ProgramAsync(rewardCodes: ["SAVE10"]);
        var code = await JoinAsync(h, Ana, "1");
        await h.TextAsync(Ana, "STOP", "SM-stop");

        await JoinAsync(h, Ben, "1", code);

        Assert.DoesNotContain(h.TextsTo(Ana), t => t.Contains("reward", StringComparison.Ordinal));
        var report = Report(await h.Get<SmsProgramReports>().ReportAsync(h.MerchantId, program.Id, None));
        Assert.Equal(new Reports.ReferralFunnel(2, 1, 1, 0), report.Funnel);
        Assert.Equal(ReferralStatus.ReferrerLeft, await ReasonAsync(h));
    }

    [SkippableFact]
    public async Task SelfReferral_OwnCodeAfterRejoining_NotCounted()
    {
        await using var h = await HarnessAsync();
        var program = await h.ProgramAsync(rewardCodes: ["SAVE10"]);
        var code = await JoinAsync(h, Ana, "1");
        await h.TextAsync(Ana, "STOP", "SM-stop");

        await JoinAsync(h, Ana, "2", code);

        Assert.Equal(0, Report(await h.Get<SmsProgramReports>().ReportAsync(h.MerchantId, program.Id, None)).Funnel.CodesUsed);
        Assert.DoesNotContain(h.TextsTo(Ana), t => t.Contains("reward", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task DailyCap_SecondFriendSameDay_ConfirmedWithoutReward()
    {
        await using var h = await HarnessAsync();
        var program = await h.ProgramAsync(dailyCap: 1, rewardCodes: ["SAVE10-A", "SAVE10-B"]);
        var code = await JoinAsync(h, Ana, "1");

        await JoinAsync(h, Ben, "1", code);
        await JoinAsync(h, Cleo, "1", code);

        Assert.Single(h.TextsTo(Ana), t => t.Contains("Your reward", StringComparison.Ordinal));
        Assert.Equal(new Reports.ReferralFunnel(3, 2, 2, 1), Report(await h.Get<SmsProgramReports>().ReportAsync(h.MerchantId, program.Id, None)).Funnel);
    }

    [SkippableFact]
    public async Task RewardWebhook_ConfirmedFriend_PostedOnceThroughTheExchange()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TimeSpan.Zero);
        await using var h = await HarnessAsync();
        var program = await h.ProgramAsync(rewardWebhookUrl: receiver.Url + "/rewards");
        var code = await JoinAsync(h, Ana, "1");

        await JoinAsync(h, Ben, "1", code);
        await h.DispatchAsync();

        Assert.Equal((1, 1), (receiver.Requests, receiver.Unique));
        Assert.Equal(new Reports.ReferralFunnel(2, 1, 1, 1), Report(await h.Get<SmsProgramReports>().ReportAsync(h.MerchantId, program.Id, None)).Funnel);
        Assert.DoesNotContain(h.TextsTo(Ana), t => t.Contains("Your reward", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Create_RewardWebhookOnMetadataAddress_RefusedNamingTheField()
    {
        await using var h = await HarnessAsync();

        var created = await h.Get<SmsProgramService>().CreateAsync(
            h.MerchantId, new Programs.NewSmsProgram("Acme", "ACME", "Up to 4 msgs/month", RewardWebhookUrl: "http://169.254.169.254/latest"), None);

        Assert.False(created.TryGetValue(out _, out var error));
        Assert.Equal("rewardWebhookUrl", error.Field);
    }

    [SkippableFact]
    public async Task WebForm_MalformedNumber_ValidationNamingPhone()
    {
        await using var h = await HarnessAsync();
        var program = await h.ProgramAsync();

        var result = await h.Get<SmsProgramService>().OptInAsync(h.MerchantId, program.Id, new WebOptIn("+1415555", "I agree", "https://shop.example/sms", null, "203.0.113.9", "UA"), None);

        Assert.False(result.TryGetValue(out _, out var error));
        Assert.Equal("phone", error.Field);
    }

    [SkippableFact]
    public async Task WebForm_OptIn_EvidenceRecordedConfirmationOnlyUntilYes()
    {
        await using var h = await HarnessAsync();
        var program = await h.ProgramAsync();

        var result = await h.Get<SmsProgramService>().OptInAsync(
            h.MerchantId, program.Id, new WebOptIn("+1 650 253 0000", "Yes, text me drops", "https://shop.example/sms", null, "203.0.113.9", "Firefox"), None);
        await h.DispatchAsync();

        Assert.True(result.TryGetValue(out var subscriber, out _));
        Assert.Equal(SubscriberStatus.Pending, subscriber.Status);
        Assert.Equal([program.ConfirmationText], h.TextsTo(Ana));
        var requested = (await StepsAsync(h, program.Id))[0];
        Assert.Equal(
            (ConsentSteps.Requested, "Yes, text me drops", "https://shop.example/sms", "203.0.113.9", "Firefox"),
            (requested.Step, requested.Text, requested.PageUrl, requested.Ip, requested.UserAgent));
    }

    /// <summary>Keyword (with a code, perhaps), then Y; returns the code the welcome offered.</summary>
    private static async Task<string> JoinAsync(ProgramHarness h, string phone, string round, string? code = null)
    {
        await h.TextAsync(phone, code is null ? "DROPS" : $"DROPS {code}", $"SM-{phone}-{round}-join");
        await h.TextAsync(phone, "Y", $"SM-{phone}-{round}-y");
        await h.DispatchAsync();
        return CodeIn(h.TextsTo(phone).Last(t => t.StartsWith("Welcome", StringComparison.Ordinal)));
    }

    private static async Task<IReadOnlyList<ConsentEvent>> StepsAsync(ProgramHarness h, Guid programId) =>
        (await h.Get<SmsProgramService>().ConsentRecordAsync(h.MerchantId, programId, null, null, 1000, None)).TryGetValue(out var steps, out _) ? steps : [];

    private static Reports.ProgramReport Report(Core.Errors.Result<Reports.ProgramReport> result) =>
        result.TryGetValue(out var report, out var error) ? report : throw new InvalidOperationException(error.Message);

    private static async Task<string?> ReasonAsync(ProgramHarness h)
    {
        await using var connection = await h.Database.Factory.OpenAsync(None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT reason FROM sms_referrals";
        return (string?)await command.ExecuteScalarAsync();
    }

    private static string CodeIn(string welcome) => CodePattern().Match(welcome).Groups[1].Value;

    [GeneratedRegex("text DROPS ([A-Z0-9]{7}) to")]
    private static partial Regex CodePattern();
}

public sealed class SqliteProgramLoopTests : ProgramLoopContract
{
    protected override StorageProvider Provider => StorageProvider.Sqlite;
}

public sealed class PostgresProgramLoopTests : ProgramLoopContract
{
    protected override StorageProvider Provider => StorageProvider.Postgres;
}
