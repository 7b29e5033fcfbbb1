using System.Text.RegularExpressions;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Storage;
using Fairdrop.SmsPrograms.Programs;
using Fairdrop.SmsPrograms.Storefront;
using Fairdrop.SmsPrograms.Subscribers;
using Fairdrop.SmsPrograms.Tests.Support;
using Fairdrop.Testing;

namespace Fairdrop.SmsPrograms.Tests.Flow;

/// <summary>
/// Opt-ins from shoppers' browsers (<see cref="StorefrontOptIns"/>) on SQLite and PostgreSQL alike: who is admitted,
/// what goes on the consent record, what is sent, and that the answer never tells one number from another.
/// </summary>
public abstract partial class StorefrontOptInContract : ProgramContract
{
    private const string Key = "pk_test_shop";
    private const string Shop = "https://shop.example";
    private const string Ana = "+16502530000";
    private const string Ben = "+16502530001";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly OptInCaller Browser = new(Key, Shop, "203.0.113.9", "Firefox/140");

    [SkippableFact]
    public async Task OptIn_PublishableKeyFromAllowedOrigin_CallerEvidenceRecordedConfirmationOnly()
    {
        await using var h = await StorefrontAsync();
        var program = await h.ProgramAsync();

        // The form's own address and agent are not believed: the caller's, as the host read them, go on the record.
        var result = await Storefront(h).OptInAsync(Browser, program.Id, new WebOptIn(Ana, "Text me drops", $"{Shop}/sms", null, "10.0.0.1", "Spoofed"), None);
        await h.DispatchAsync();

        Assert.Equal(OptInReceipt.Accepted, Value(result));
        Assert.Equal([program.ConfirmationText], h.TextsTo(Ana));
        var requested = (await StepsAsync(h, program.Id))[0];
        Assert.Equal(
            (ConsentSteps.Requested, "Text me drops", $"{Shop}/sms", "203.0.113.9", "Firefox/140"),
            (requested.Step, requested.Text, requested.PageUrl, requested.Ip, requested.UserAgent));
    }

    [SkippableFact]
    public async Task OptIn_CallerRefusals_UnknownKey401_OriginOffList403_ServerWithoutOriginAdmitted()
    {
        await using var h = await StorefrontAsync();
        var program = await h.ProgramAsync();
        var form = new WebOptIn(Ana, "Text me drops", $"{Shop}/sms", null, null, null);

        var unknown = await Storefront(h).OptInAsync(Browser with { PublishableKey = "sk_live_secret" }, program.Id, form, None);
        var foreign = await Storefront(h).OptInAsync(Browser with { Origin = "https://evil.example" }, program.Id, form, None);
        var server = await Storefront(h).OptInAsync(Browser with { Origin = null }, program.Id, form with { Phone = Ben }, None);
        await h.DispatchAsync();

        Assert.Equal((ErrorKind.Unauthorized, ErrorCodes.Unauthorized), (unknown.Error!.Kind, unknown.Error.Code));
        Assert.Equal((ErrorKind.Forbidden, SmsProgramErrors.OriginNotAllowed), (foreign.Error!.Kind, foreign.Error.Code));
        Assert.True(server.IsSuccess);
        Assert.Empty(h.TextsTo(Ana));
        Assert.Single(h.TextsTo(Ben));
    }

    [SkippableFact]
    public async Task OptIn_BadInput_NamesTheField_OtherMerchantsProgram404_NothingStored()
    {
        await using var h = await StorefrontAsync();
        var program = await h.ProgramAsync();
        h.Keys.Add("pk_other", Guid.NewGuid(), Shop);
        var form = new WebOptIn(Ana, "Text me drops", $"{Shop}/sms", null, null, null);

        var number = await Storefront(h).OptInAsync(Browser, program.Id, form with { Phone = "555-12" }, None);
        var consent = await Storefront(h).OptInAsync(Browser, program.Id, form with { ConsentText = " " }, None);
        var page = await Storefront(h).OptInAsync(Browser, program.Id, form with { PageUrl = "javascript:alert(1)" }, None);
        var otherShop = await Storefront(h).OptInAsync(Browser with { PublishableKey = "pk_other" }, program.Id, form, None);

        Assert.Equal(["phone", "consentText", "pageUrl"], new[] { number, consent, page }.Select(r => r.Error!.Field));
        Assert.Equal(SmsProgramErrors.ProgramNotFound, otherShop.Error!.Code);
        Assert.Empty(await StepsAsync(h, program.Id));
    }

    [SkippableFact]
    public async Task OptIn_NewPendingActiveAndStoppedNumbers_OneAnswer_NoSecondConfirmation()
    {
        await using var h = await StorefrontAsync();
        var program = await h.ProgramAsync();
        await h.TextAsync(Ben, "DROPS", "SM-b1");
        await h.TextAsync(Ben, "Y", "SM-b2");
        var form = new WebOptIn(Ana, "Text me drops", $"{Shop}/sms", null, null, null);

        var fresh = await Storefront(h).OptInAsync(Browser with { ClientAddress = "198.51.100.1" }, program.Id, form, None);
        var pending = await Storefront(h).OptInAsync(Browser with { ClientAddress = "198.51.100.2" }, program.Id, form, None);
        var active = await Storefront(h).OptInAsync(Browser with { ClientAddress = "198.51.100.3" }, program.Id, form with { Phone = Ben }, None);
        await h.DispatchAsync();

        Assert.Equal([OptInReceipt.Accepted, OptInReceipt.Accepted, OptInReceipt.Accepted], new[] { fresh, pending, active }.Select(Value));
        Assert.Equal([program.ConfirmationText], h.TextsTo(Ana));
        Assert.Equal(1, h.TextsTo(Ben).Count(t => t == program.ConfirmationText));
        Assert.Equal(2, h.TextsTo(Ben).Count);
    }

    [SkippableFact]
    public async Task OptIn_ClientOverItsLimit_RateLimitedWithRetryAfter_AnotherClientAdmitted()
    {
        await using var h = await StorefrontAsync();
        var program = await h.ProgramAsync();
        var limit = new SmsProgramsOptions().PublicOptInLimit;
        var answers = new List<Result<OptInReceipt>>();
        for (var i = 0; i <= limit; i++)
        {
            answers.Add(await Storefront(h).OptInAsync(Browser, program.Id, new WebOptIn($"+1650253{i:0000}", "Text me", $"{Shop}/sms", null, null, null), None));
        }

        var other = await Storefront(h).OptInAsync(Browser with { ClientAddress = "198.51.100.7" }, program.Id, new WebOptIn(Ben, "Text me", $"{Shop}/sms", null, null, null), None);

        Assert.All(answers.Take(limit), a => Assert.True(a.IsSuccess));
        var refused = answers[^1].Error!;
        Assert.Equal((ErrorKind.RateLimited, true), (refused.Kind, refused.RetryAfter > TimeSpan.Zero));
        Assert.True(other.IsSuccess);
    }

    [SkippableFact]
    public async Task OptIn_NumberOverItsLimitAcrossPrograms_SameAnswerNoMoreTexts()
    {
        await using var h = await StorefrontAsync();
        var perNumber = new SmsProgramsOptions().OptInsPerNumber;
        var answers = new List<Result<OptInReceipt>>();
        for (var i = 0; i <= perNumber; i++)
        {
            var created = await h.Get<SmsProgramService>().CreateAsync(h.MerchantId, new NewSmsProgram($"Shop {i}", $"JOIN{i}", "Up to 4 msgs/month"), None);
            answers.Add(await Storefront(h).OptInAsync(Browser, Value(created).Id, new WebOptIn(Ana, "Text me", $"{Shop}/sms", null, null, null), None));
        }

        await h.DispatchAsync();

        Assert.All(answers, a => Assert.Equal(OptInReceipt.Accepted, Value(a)));
        Assert.Equal(perNumber, h.TextsTo(Ana).Count);
    }

    [SkippableFact]
    public async Task OptIn_ForwardedReferralCode_AttributedAfterFriendsY()
    {
        await using var h = await StorefrontAsync();
        var program = await h.ProgramAsync(rewardCodes: ["SAVE10"]);
        await h.TextAsync(Ana, "DROPS", "SM-a1");
        await h.TextAsync(Ana, "Y", "SM-a2");
        await h.DispatchAsync();
        var code = CodePattern().Match(h.TextsTo(Ana).Single(t => t.StartsWith("Welcome", StringComparison.Ordinal))).Groups[1].Value;

        await Storefront(h).OptInAsync(Browser, program.Id, new WebOptIn(Ben, "Text me drops", $"{Shop}/sms", code.ToLowerInvariant(), null, null), None);
        var before = Value(await h.Get<SmsProgramReports>().ReportAsync(h.MerchantId, program.Id, None)).Funnel;
        await h.TextAsync(Ben, "Y", "SM-b2");
        await h.DispatchAsync();
        var after = Value(await h.Get<SmsProgramReports>().ReportAsync(h.MerchantId, program.Id, None)).Funnel;

        Assert.Equal((1, 0, 0), (before.CodesUsed, before.ConfirmedFriends, before.Rewards));
        Assert.Equal((1, 1, 1), (after.CodesUsed, after.ConfirmedFriends, after.Rewards));
        Assert.Contains(h.TextsTo(Ana), t => t.EndsWith("Your reward: SAVE10", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Hosted_ProgramsOwnWordingAndPageOnRecord_UntickedBoxNamesConsent_UnknownProgram404()
    {
        await using var h = await StorefrontAsync();
        var program = await h.ProgramAsync();
        var caller = new OptInCaller(null, null, "203.0.113.9", "Safari");

        var form = Value(await Storefront(h).SignupFormAsync(program.Id, None));
        var unticked = await Storefront(h).HostedOptInAsync(caller, program.Id, new HostedOptIn(Ana, false, null), None);
        var ticked = await Storefront(h).HostedOptInAsync(caller, program.Id, new HostedOptIn(Ana, true, null), None);
        var missing = await Storefront(h).SignupFormAsync(Guid.NewGuid(), None);
        await h.DispatchAsync();

        Assert.Equal($"{ProgramHarness.PublicBase}/p/sms/{program.Id:N}", form.PageUrl);
        Assert.Contains("Acme Drops", form.ConsentText, StringComparison.Ordinal);
        Assert.Contains("Up to 6 msgs/month", form.ConsentText, StringComparison.Ordinal);
        Assert.Contains("Msg & data rates may apply", form.ConsentText, StringComparison.Ordinal);
        Assert.Contains("STOP", form.ConsentText, StringComparison.Ordinal);
        Assert.Equal("consent", unticked.Error!.Field);
        Assert.True(ticked.IsSuccess);
        Assert.Equal(SmsProgramErrors.ProgramNotFound, missing.Error!.Code);
        var requested = Assert.Single(await StepsAsync(h, program.Id), s => s.Step == ConsentSteps.Requested);
        Assert.Equal((form.ConsentText, form.PageUrl, "203.0.113.9", "Safari"), (requested.Text, requested.PageUrl, requested.Ip, requested.UserAgent));
        Assert.Equal([program.ConfirmationText], h.TextsTo(Ana));
    }

    [SkippableFact]
    public async Task Welcome_ProgramWithoutANumber_OffersTheHostedPageWithTheCode()
    {
        await using var h = await StorefrontAsync();
        var program = Value(await h.Get<SmsProgramService>().CreateAsync(h.MerchantId, new NewSmsProgram("Acme", "ACME", "Up to 4 msgs/month"), None));

        await Storefront(h).OptInAsync(Browser, program.Id, new WebOptIn(Ana, "Text me", $"{Shop}/sms", null, null, null), None);
        await h.TextAsync(Ana, "Y", "SM-a2");
        await h.DispatchAsync();

        // The welcome as written (its consent step); the exchange turns its link into a tracked one that redirects there.
        var welcome = Assert.Single(await StepsAsync(h, program.Id), s => s.Step == ConsentSteps.WelcomeSent).Text!;
        Assert.Matches($@"join at {Regex.Escape($"{ProgramHarness.PublicBase}/p/sms/{program.Id:N}")}\?ref=[A-Z0-9]{{7}} for early access", welcome);
        Assert.Contains($"join at {ProgramHarness.PublicBase}/api/v1/exchange/r/", h.TextsTo(Ana).Single(t => t.StartsWith("Welcome", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    private async Task<ProgramHarness> StorefrontAsync()
    {
        var h = await HarnessAsync();
        h.Keys.Add(Key, h.MerchantId, Shop);
        return h;
    }

    private static StorefrontOptIns Storefront(ProgramHarness h) => h.Get<StorefrontOptIns>();

    private static T Value<T>(Result<T> result) => result.TryGetValue(out var value, out var error) ? value : throw new InvalidOperationException(error.Message);

    private static async Task<IReadOnlyList<ConsentEvent>> StepsAsync(ProgramHarness h, Guid programId) =>
        Value(await h.Get<SmsProgramService>().ConsentRecordAsync(h.MerchantId, programId, null, null, 1000, None));

    [GeneratedRegex("text DROPS ([A-Z0-9]{7}) to")]
    private static partial Regex CodePattern();
}

public sealed class SqliteStorefrontOptInTests : StorefrontOptInContract
{
    protected override StorageProvider Provider => StorageProvider.Sqlite;
}

public sealed class PostgresStorefrontOptInTests : StorefrontOptInContract
{
    protected override StorageProvider Provider => StorageProvider.Postgres;
}
