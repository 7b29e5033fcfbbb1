using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Inbound;
using Fairdrop.Exchange.Inbox;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;
using Fairdrop.Exchange.Series;
using Fairdrop.Exchange.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Exchange.Tests.Series;

/// <summary>
/// A two-way series on a real database, SQLite and PostgreSQL alike: launched through matching and dispatch into the
/// in-app inbox with its quick replies, replies acting once however often they arrive, timeouts moving on, a person
/// taking over, and replies to a finished conversation answered rather than acted on.
/// </summary>
public abstract class SeriesContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    protected abstract StorageProvider Provider { get; }

    [SkippableFact]
    public async Task Launch_FirstStepReachesTheInboxWithQuickReplies()
    {
        await using var s = await Scenario.StartAsync(Provider);

        var offer = Assert.Single(await s.InboxAsync());

        Assert.Equal("Red sneaker is back", offer.Title);
        Assert.Equal(["Hold my pair", "No thanks"], offer.QuickReplies);
        Assert.Empty(await s.Series.ConversationsAsync(s.H.MerchantId, null, null, 10, None)); // nobody answered yet
        await s.Worker.RunOnceAsync(None);
        var launch = Assert.Single(await s.Series.LaunchesAsync(s.H.MerchantId, (await s.Series.ListAsync(s.H.MerchantId, null, 10, None))[0].Id, None));
        Assert.Equal(SeriesLaunch.Active, launch.Status); // the first step's hour is not over: not settled
    }

    [SkippableFact]
    public async Task Reply_Hold_ActsOnce_EvenWhenDeliveredTwice_AndTheNextStepCarriesTheHold()
    {
        await using var s = await Scenario.StartAsync(Provider);
        var offer = (await s.InboxAsync())[0];

        var first = await s.ReplyAsync(offer.Id, "Hold my pair", "tap-1");
        var again = await s.ReplyAsync(offer.Id, "Hold my pair", "tap-1");

        Assert.Equal(SeriesOutcomes.Acted, first.Outcome);
        Assert.Equal("held", first.Step);
        Assert.Equal(SeriesOutcomes.Duplicate, again.Outcome);
        Assert.Equal(1, s.Holds.Held);
        await s.DispatchAsync();
        var held = Assert.Single(await s.InboxAsync(), m => m.Title == "Held");
        Assert.StartsWith("Held until " + s.H.Time.GetUtcNow().AddMinutes(15).ToString("yyyy-MM-dd"), held.Body, StringComparison.Ordinal);
        Assert.Equal(["Buy now"], held.QuickReplies);
        var events = (await s.Series.ConversationAsync(s.H.MerchantId, first.ConversationId, None)).Value!.Events;
        Assert.Single(events); // the retry wrote nothing
    }

    [SkippableFact]
    public async Task Reply_ConcurrentDuplicates_OneActionOnly()
    {
        await using var s = await Scenario.StartAsync(Provider);
        var offer = (await s.InboxAsync())[0];

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => s.ReplyAsync(offer.Id, "YES", "same-tap")));

        Assert.Equal(1, outcomes.Count(o => o.Outcome == SeriesOutcomes.Acted));
        Assert.Equal(1, s.Holds.Held);
        Assert.Equal(1, await s.CountAsync("SELECT COUNT(*) FROM exchange_conversation_events"));
    }

    [SkippableFact]
    public async Task Reply_Unrecognised_SendsTheFallback_AndStaysOnTheStep()
    {
        await using var s = await Scenario.StartAsync(Provider);
        var offer = (await s.InboxAsync())[0];

        var outcome = await s.ReplyAsync(offer.Id, "maybe later?", "t-1");
        await s.DispatchAsync();

        Assert.Equal(SeriesOutcomes.Unrecognised, outcome.Outcome);
        Assert.Equal("offer", outcome.Step);
        Assert.Contains("Reply YES to hold a pair, NO to stop.", (await s.InboxAsync()).Select(m => m.Body));
        Assert.Equal(0, s.Holds.Calls);
    }

    [SkippableFact]
    public async Task Reply_HoldLargerThanStock_Refused_NothingHeld_StepUnchanged()
    {
        await using var s = await Scenario.StartAsync(Provider, stock: 0);
        var offer = (await s.InboxAsync())[0];

        var outcome = await s.ReplyAsync(offer.Id, "YES", "t-1");

        Assert.Equal(SeriesOutcomes.Refused, outcome.Outcome);
        Assert.Equal("offer", outcome.Step);
        Assert.Equal(0, s.Holds.Held);
    }

    [SkippableFact]
    public async Task Buy_AfterTheHoldLapsed_IsAnsweredNotActed_AndBeforeItGivesASignedCartLink()
    {
        await using var s = await Scenario.StartAsync(Provider);
        var offer = (await s.InboxAsync())[0];
        await s.ReplyAsync(offer.Id, "YES", "t-1");
        await s.DispatchAsync();
        var held = Assert.Single(await s.InboxAsync(), m => m.Title == "Held");

        var buy = await s.ReplyAsync(held.Id, "buy", "t-2");
        await s.DispatchAsync();

        Assert.Equal(SeriesOutcomes.Acted, buy.Outcome);
        Assert.Equal(ConversationStatus.Finished, buy.Status);
        var link = Assert.Single(await s.InboxAsync(), m => m.Body.StartsWith("Check out: ", StringComparison.Ordinal)).Body["Check out: ".Length..];
        var sender = await s.H.Get<SenderStore>().GetAsync(s.H.MerchantId, s.SenderId, None);
        Assert.True(CartLinks.Verify(link, sender!.WebhookSecret, s.H.Time.GetUtcNow()), link);
        Assert.False(CartLinks.Verify(link.Replace("fd_qty=1", "fd_qty=9", StringComparison.Ordinal), sender.WebhookSecret, s.H.Time.GetUtcNow()));
        Assert.Matches("&fd_hold=[0-9a-f-]{36}&fd_exp=", link); // the storefront puts it on the cart line, and the order ends the hold
        Assert.Equal(1, await s.CountAsync("SELECT COUNT(*) FROM exchange_series_webhooks WHERE status = 'pending'"));

        await using var late = await Scenario.StartAsync(Provider);
        var lateOffer = (await late.InboxAsync())[0];
        await late.ReplyAsync(lateOffer.Id, "YES", "t-1");
        await late.DispatchAsync();
        late.H.Time.Advance(TimeSpan.FromMinutes(16));
        var lateBuy = await late.ReplyAsync(Assert.Single(await late.InboxAsync(), m => m.Title == "Held").Id, "BUY", "t-2");
        Assert.Equal(SeriesOutcomes.HoldExpired, lateBuy.Outcome);
        Assert.Equal(0, late.Holds.Held); // the unit is back
    }

    [SkippableFact]
    public async Task Silence_FirstStepTimesOut_ToTheReminder_ThenTheConversationEnds_AndALateReplyIsAnswered()
    {
        await using var s = await Scenario.StartAsync(Provider);
        var offer = (await s.InboxAsync())[0];

        s.H.Time.Advance(TimeSpan.FromMinutes(61));
        await s.Worker.RunOnceAsync(None); // opens the conversation of the silent recipient
        await s.Worker.RunOnceAsync(None); // and times it out
        await s.DispatchAsync();
        Assert.Contains("Still want one?", (await s.InboxAsync()).Select(m => m.Body));

        s.H.Time.Advance(TimeSpan.FromMinutes(61));
        await s.Worker.RunOnceAsync(None);
        var conversation = Assert.Single(await s.Series.ConversationsAsync(s.H.MerchantId, null, null, 10, None));
        Assert.Equal(ConversationStatus.TimedOut, conversation.Status);

        var late = await s.ReplyAsync(offer.Id, "YES", "late");
        Assert.Equal(SeriesOutcomes.Ended, late.Outcome);
        var launch = Assert.Single(await s.Series.LaunchesAsync(s.H.MerchantId, conversation.SeriesId, None));
        Assert.Equal(SeriesLaunch.Settled, launch.Status); // its first-step timeouts are all behind it: no more scanning
        Assert.Contains("ended", late.Message, StringComparison.Ordinal);
        Assert.Equal(0, s.Holds.Calls);
    }

    [SkippableFact]
    public async Task Handoff_WaitsForAPerson_WhoAnswers_OnTheSameChannel()
    {
        await using var s = await Scenario.StartAsync(Provider);
        var offer = (await s.InboxAsync())[0];

        var outcome = await s.ReplyAsync(offer.Id, "human please", "t-1");
        var waiting = Assert.Single(await s.Series.ConversationsAsync(s.H.MerchantId, ConversationStatus.HandedOff, null, 10, None));
        var followUp = await s.ReplyAsync(offer.Id, "are you there?", "t-2");
        var answered = await s.Series.AnswerAsync(s.H.MerchantId, waiting.Id, "staff-1", "Hi {{ name }}, we have your size.", null, false, None);
        await s.DispatchAsync();

        Assert.Equal(SeriesOutcomes.HandedOff, outcome.Outcome);
        Assert.Equal(SeriesOutcomes.HandedOff, followUp.Outcome);
        Assert.True(answered.IsSuccess);
        var bodies = (await s.InboxAsync()).Select(m => m.Body).ToList();
        Assert.Contains("A person will answer shortly.", bodies);
        Assert.Contains("Hi {{ name }}, we have your size.", bodies); // the person's words, not a template
    }

    [SkippableFact]
    public async Task No_Unsubscribes_WithdrawsConsent_AndEndsTheConversation()
    {
        await using var s = await Scenario.StartAsync(Provider);
        var offer = (await s.InboxAsync())[0];

        var outcome = await s.ReplyAsync(offer.Id, "No thanks", "t-1");

        Assert.Equal(ConversationStatus.Unsubscribed, outcome.Status);
        var recipient = (await s.H.Get<RecipientStore>().ListAsync(s.H.MerchantId, null, 10, None))[0];
        Assert.False(recipient.Consents.ContainsKey(Channel.InApp));
    }

    [SkippableFact]
    public async Task AnotherMerchant_CannotSeeOrAnswerTheConversation()
    {
        await using var s = await Scenario.StartAsync(Provider);
        var offer = (await s.InboxAsync())[0];
        var outcome = await s.ReplyAsync(offer.Id, "human", "t-1");

        Assert.False((await s.Series.ConversationAsync(Guid.NewGuid(), outcome.ConversationId, None)).IsSuccess);
        Assert.False((await s.Series.AnswerAsync(Guid.NewGuid(), outcome.ConversationId, null, "hi", null, false, None)).IsSuccess);
        Assert.Empty(await s.Series.ConversationsAsync(Guid.NewGuid(), null, null, 10, None));
    }

    /// <summary>A merchant with an in-app sender, one bound shopper (ana), the series, launched and dispatched.</summary>
    private sealed class Scenario : IAsyncDisposable
    {
        public required ExchangeHarness H { get; init; }

        public required StockHolds Holds { get; init; }

        public required Guid SenderId { get; init; }

        public SeriesService Series => H.Get<SeriesService>();

        public SeriesWorker Worker => H.Get<SeriesWorker>();

        public static async Task<Scenario> StartAsync(StorageProvider provider, int stock = 5)
        {
            StockHolds? holds = null;
            var h = await ExchangeHarness.CreateAsync(provider, configure: services => services.AddSingleton<ISeriesHolds>(sp => holds = new StockHolds(stock, sp.GetRequiredService<TimeProvider>())));
            var sender = await h.AddSenderAsync(new SenderRules([Channel.InApp, Channel.Sms]));
            await SmsFixtures.AddRecipientAsync(h, "ana", inAppUserId: "u-ana");
            var series = Ok(await h.Get<SeriesService>().CreateAsync(h.MerchantId, SeriesFixtures.BackInStock(sender.Id), None));
            var launch = Ok(await h.Get<SeriesService>().LaunchAsync(h.MerchantId, series.Id, new SeriesLaunchRequest(new Audience(["ana"]), "launch-1"), None));
            await h.Get<DistributionMatchRunner>().RunAsync(h.MerchantId, launch.DistributionId!.Value, None);
            _ = h.Get<ISeriesHolds>();
            var scenario = new Scenario { H = h, Holds = holds!, SenderId = sender.Id };
            await scenario.DispatchAsync();
            return scenario;
        }

        public static T Ok<T>(Fairdrop.Core.Errors.Result<T> result) =>
            result.TryGetValue(out var value, out var error) ? value : throw new InvalidOperationException($"{error.Code}: {error.Message} ({error.Field})");

        public async Task DispatchAsync()
        {
            while (await H.Get<DeliveryDispatcher>().DispatchOnceAsync(None) > 0)
            {
            }
        }

        public Task<IReadOnlyList<InboxMessage>> InboxAsync() => H.Get<InboxService>().ListAsync(H.MerchantId, "u-ana", null, 100, false, None);

        public async Task<SeriesReplyOutcome> ReplyAsync(Guid messageId, string text, string replyId)
        {
            var result = Ok(await H.Get<InboundService>().ReplyInAppAsync(H.MerchantId, "u-ana", messageId, text, replyId, None));
            return result.Series ?? throw new InvalidOperationException("The reply reached no series.");
        }

        public async Task<long> CountAsync(string sql)
        {
            await using var connection = await H.Database.Factory.OpenAsync(None);
            return await connection.QuerySingleAsync<long>(sql);
        }

        public ValueTask DisposeAsync() => H.DisposeAsync();
    }
}

public sealed class SqliteSeriesTests : SeriesContract
{
    protected override StorageProvider Provider => StorageProvider.Sqlite;
}

public sealed class PostgresSeriesTests : SeriesContract
{
    protected override StorageProvider Provider => StorageProvider.Postgres;
}
