using Fairdrop.Testing;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Channels.Sms;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Engagement;
using Fairdrop.Exchange.Inbound;
using Fairdrop.Exchange.Inbox;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;
using Fairdrop.Exchange.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Exchange.Tests.Engagement;

/// <summary>
/// SMS sends, engagement events, inbound messages and phone lookup on a real database, SQLite and PostgreSQL alike:
/// dispatch through the loopback provider (retry, never twice, segments), status callbacks, the funnel, the
/// learner's history, inbound routing with keywords, replays and unknown senders.
/// </summary>
public abstract class EngagementContract : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private FakeTwilio _twilio = null!;

    protected abstract StorageProvider Provider { get; }

    public async Task InitializeAsync() => _twilio = await FakeTwilio.StartAsync();

    public async Task DisposeAsync() => await _twilio.DisposeAsync();

    [SkippableFact]
    public async Task Dispatch_ProviderFailsAfterCreating_RetriedOnceSentOnceWithSegmentsAndTrackedLink()
    {
        await using var h = await SmsHarness.CreateAsync(_twilio, Provider);
        var sender = await h.AddSenderAsync(new SenderRules([Channel.Sms]));
        await SmsFixtures.AddRecipientAsync(h, "ana");
        var distribution = await SmsFixtures.DistributeAsync(h, sender, "d1");
        var dispatcher = h.Get<DeliveryDispatcher>();
        _twilio.Faults.Enqueue(FakeTwilio.Fault.ErrorAfterCreate(502));

        await dispatcher.DispatchOnceAsync(None);
        var retrying = await SingleDeliveryAsync(h, distribution.Id);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await dispatcher.DispatchOnceAsync(None);
        var sent = await SingleDeliveryAsync(h, distribution.Id);

        Assert.Equal(DeliveryStatus.Retrying, retrying.Status);
        Assert.Equal(DeliveryStatus.Sent, sent.Status);
        var (sid, form) = Assert.Single(_twilio.Messages);
        Assert.Equal(sid, sent.ProviderId);
        Assert.Equal(1, _twilio.Posts);
        Assert.StartsWith("Red shoes is back: https://fairdrop.example/api/v1/exchange/r/", form["Body"], StringComparison.Ordinal);
        Assert.Equal(SmsEncoding.Gsm7, sent.Encoding);
        Assert.Equal(SmsSegments.Count(form["Body"]).Segments, sent.Segments);
    }

    [SkippableFact]
    public async Task StatusCallback_DeliveredTwiceThenUndelivered_OneDeliveredOneBouncedInFunnel()
    {
        await using var h = await SmsHarness.CreateAsync(_twilio, Provider);
        var sender = await h.AddSenderAsync(new SenderRules([Channel.Sms]));
        await SmsFixtures.AddRecipientAsync(h, "ana");
        await SmsFixtures.AddRecipientAsync(h, "ben", "+16502530001");
        var distribution = await SmsFixtures.DistributeAsync(h, sender, "d1");
        await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);
        var deliveries = await h.Get<DeliveryStore>().ListAsync(h.MerchantId, new DeliveryFilter(distribution.Id), null, 10, None);
        var callbacks = h.Get<SmsStatusCallbacks>();

        await callbacks.HandleAsync(deliveries[0].Id, deliveries[0].ProviderId, "delivered", null, None);
        await callbacks.HandleAsync(deliveries[0].Id, deliveries[0].ProviderId, "delivered", null, None);
        await callbacks.HandleAsync(deliveries[1].Id, deliveries[1].ProviderId, "undelivered", "30003", None);
        var forged = await callbacks.HandleAsync(deliveries[1].Id, "SMnot-the-sid", "delivered", null, None);
        var funnel = await h.Get<DeliveryStore>().FunnelAsync(h.MerchantId, distribution.Id, None);
        var events = await h.Get<EngagementStore>().ListAsync(h.MerchantId, deliveries[1].Id, null, null, 10, None);

        Assert.False(forged);
        Assert.Equal(1, funnel.Engagement![EngagementKinds.Delivered]);
        Assert.Equal(1, funnel.Engagement[EngagementKinds.Bounced]);
        Assert.Equal("error 30003", Assert.Single(events).Detail);
    }

    [SkippableFact]
    public async Task Record_SameDedupeKeyTwice_StoredOnce()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var recorder = h.Get<EngagementRecorder>();
        var delivery = new DeliveryRef(Guid.NewGuid(), h.MerchantId, Guid.NewGuid(), Guid.NewGuid(), "email");

        var first = await recorder.RecordAsync(delivery, EngagementKinds.Opened, "mobile", null, "opened:x", None);
        var second = await recorder.RecordAsync(delivery, EngagementKinds.Opened, "mobile", null, "opened:x", None);

        Assert.True(first);
        Assert.False(second);
        Assert.Single(await h.Get<EngagementStore>().ListAsync(h.MerchantId, delivery.Id, null, null, 10, None));
    }

    [SkippableFact]
    public async Task History_EventsAtTwoHours_CountsPerRecipientChannelHourAndKind()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var recorder = h.Get<EngagementRecorder>();
        var recipient = Guid.NewGuid();
        var email = new DeliveryRef(Guid.NewGuid(), h.MerchantId, Guid.NewGuid(), recipient, "email");
        var sms = new DeliveryRef(Guid.NewGuid(), h.MerchantId, Guid.NewGuid(), recipient, "sms");

        await recorder.RecordAsync(email, EngagementKinds.Opened, null, null, "a", None); // 12:00 UTC
        await recorder.RecordAsync(email, EngagementKinds.Clicked, null, null, "b", None);
        h.Time.Advance(TimeSpan.FromMinutes(75)); // 13:15
        await recorder.RecordAsync(email, EngagementKinds.Clicked, null, null, "c", None);
        await recorder.RecordAsync(sms, EngagementKinds.Replied, null, null, "d", None);
        await recorder.RecordAsync(new DeliveryRef(Guid.NewGuid(), h.MerchantId, Guid.NewGuid(), Guid.NewGuid(), "sms"), EngagementKinds.Replied, null, null, "e", None);
        var history = await h.Get<EngagementStore>().HistoryAsync(h.MerchantId, recipient, null, h.Time.GetUtcNow().AddDays(-1), None);
        var sinceNow = await h.Get<EngagementStore>().HistoryAsync(h.MerchantId, recipient, "email", h.Time.GetUtcNow(), None);

        Assert.Equal(
            [("email", 12L, "clicked", 1L), ("email", 12L, "opened", 1L), ("email", 13L, "clicked", 1L), ("sms", 13L, "replied", 1L)],
            history.Select(r => (r.Channel, r.Hour, r.Kind, r.Count)).ToList());
        Assert.All(history, r => Assert.Equal(recipient, r.RecipientId));
        Assert.Equal(("email", 13L, "clicked", 1L), sinceNow.Select(r => (r.Channel, r.Hour, r.Kind, r.Count)).Single());
    }

    [SkippableFact]
    public async Task RouteSms_ReplyToASentSms_AttachedToRecipientAndDeliveryRepliedAndPublished()
    {
        var handler = new CollectingInboundHandler();
        await using var h = await SmsHarness.CreateAsync(_twilio, Provider);
        var sender = await h.AddSenderAsync(new SenderRules([Channel.Sms]));
        var recipientId = await SmsFixtures.AddRecipientAsync(h, "ana");
        var distribution = await SmsFixtures.DistributeAsync(h, sender, "d1");
        await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);
        var delivery = await SingleDeliveryAsync(h, distribution.Id);
        var router = Router(h, handler);

        var routed = await router.RouteSmsAsync(h.MerchantId, "+1 650-253-0000", FakeTwilio.From, "YES please", "SM0001", None);
        var replay = await router.RouteSmsAsync(h.MerchantId, SmsFixtures.Phone, FakeTwilio.From, "YES please", "SM0001", None);
        var funnel = await h.Get<DeliveryStore>().FunnelAsync(h.MerchantId, distribution.Id, None);

        var message = routed.Value!.Message;
        Assert.Equal(recipientId, message.RecipientId);
        Assert.Equal(delivery.Id, message.DeliveryId);
        Assert.Equal(SmsFixtures.Phone, message.From);
        Assert.True(replay.Value!.Duplicate);
        Assert.Equal(1, funnel.Engagement![EngagementKinds.Replied]);
        Assert.Equal("YES please", Assert.Single(handler.Received).Body);
        Assert.Single(await h.Get<InboundStore>().ListAsync(h.MerchantId, recipientId, null, 10, None));
    }

    [SkippableFact]
    public async Task RouteSms_StopThenStartThenHelp_ConsentWithdrawnRestoredAndHelpReply()
    {
        await using var h = await SmsHarness.CreateAsync(_twilio, Provider);
        var recipientId = await SmsFixtures.AddRecipientAsync(h, "ana");
        var router = Router(h, new CollectingInboundHandler());
        var recipients = h.Get<RecipientStore>();

        var stop = await router.RouteSmsAsync(h.MerchantId, SmsFixtures.Phone, null, " stop ", "SM1", None);
        var afterStop = await recipients.GetAsync(h.MerchantId, recipientId, None);
        var start = await router.RouteSmsAsync(h.MerchantId, SmsFixtures.Phone, null, "START", "SM2", None);
        var afterStart = await recipients.GetAsync(h.MerchantId, recipientId, None);
        var help = await router.RouteSmsAsync(h.MerchantId, SmsFixtures.Phone, null, "Help", "SM3", None);
        var events = await h.Get<EngagementStore>().ListAsync(h.MerchantId, null, recipientId, null, 10, None);

        Assert.Equal(SmsKeywords.Stop, stop.Value!.Message.Keyword);
        Assert.False(afterStop!.Consents.ContainsKey(Channel.Sms));
        Assert.True(afterStop.Consents.ContainsKey(Channel.InApp));
        Assert.Equal(SmsKeywords.Start, start.Value!.Message.Keyword);
        Assert.Equal("sms_keyword", afterStart!.Consents[Channel.Sms].Source);
        Assert.Contains("STOP", help.Value!.Reply, StringComparison.Ordinal);
        Assert.Equal(EngagementKinds.Unsubscribed, Assert.Single(events).Kind);
    }

    [SkippableFact]
    public async Task RouteSms_UnknownNumber_StoredAttachedToNothingNoEvent()
    {
        var handler = new CollectingInboundHandler();
        await using var h = await SmsHarness.CreateAsync(_twilio, Provider);
        await SmsFixtures.AddRecipientAsync(h, "ana");

        var routed = await Router(h, handler).RouteSmsAsync(h.MerchantId, "+442079460000", null, "who is this", "SM9", None);
        var help = await Router(h, handler).RouteSmsAsync(h.MerchantId, "+442079460000", null, "HELP", "SM10", None);

        Assert.True(routed.IsSuccess);
        Assert.Null(routed.Value!.Message.RecipientId);
        Assert.Null(routed.Value.Message.DeliveryId);
        Assert.Contains("STOP", help.Value!.Reply, StringComparison.Ordinal);
        Assert.Equal(2, (await h.Get<InboundStore>().ListAsync(h.MerchantId, null, null, 10, None)).Count);
        Assert.Empty(await h.Get<EngagementStore>().ListAsync(h.MerchantId, null, null, null, 10, None));
        Assert.Equal(2, handler.Received.Count);
    }

    [SkippableFact]
    public async Task RouteSms_MalformedNumber_InvalidPhoneNothingStored()
    {
        await using var h = await SmsHarness.CreateAsync(_twilio, Provider);

        var routed = await Router(h, new CollectingInboundHandler()).RouteSmsAsync(h.MerchantId, "call me maybe", null, "hi", "SM8", None);

        Assert.Equal("invalid_phone", routed.Error!.Code);
        Assert.Empty(await h.Get<InboundStore>().ListAsync(h.MerchantId, null, null, 10, None));
    }

    [SkippableFact]
    public async Task RouteInApp_ReplyToInboxMessage_AttachedToItsDeliveryOnceWithReplyId()
    {
        var handler = new CollectingInboundHandler();
        await using var h = await SmsHarness.CreateAsync(_twilio, Provider);
        var sender = await h.AddSenderAsync(new SenderRules([Channel.InApp]));
        var recipientId = await SmsFixtures.AddRecipientAsync(h, "ana", inAppUserId: "user-1");
        var distribution = await SmsFixtures.DistributeAsync(h, sender, "d1");
        await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);
        var inboxMessage = Assert.Single(await h.Get<InboxStore>().ListAsync(h.MerchantId, "user-1", null, 10, false, None));
        var router = Router(h, handler);

        var first = await router.RouteInAppAsync(h.MerchantId, "user-1", inboxMessage.Id, "Reserve one", "client-key-1", None);
        var retry = await router.RouteInAppAsync(h.MerchantId, "user-1", inboxMessage.Id, "Reserve one", "client-key-1", None);
        var otherUser = await router.RouteInAppAsync(h.MerchantId, "user-2", inboxMessage.Id, "Reserve one", null, None);
        var funnel = await h.Get<DeliveryStore>().FunnelAsync(h.MerchantId, distribution.Id, None);

        Assert.Equal(inboxMessage.DeliveryId, first.Value!.Message.DeliveryId);
        Assert.Equal(recipientId, first.Value.Message.RecipientId);
        Assert.True(retry.Value!.Duplicate);
        Assert.Equal("not_found", otherUser.Error!.Code);
        Assert.Equal(1, funnel.Engagement![EngagementKinds.Replied]);
        Assert.Equal(1, funnel.Engagement[EngagementKinds.Delivered]);
        Assert.Single(handler.Received);
    }

    private static InboundRouter Router(ExchangeHarness h, CollectingInboundHandler handler) =>
        ActivatorUtilities.CreateInstance<InboundRouter>(h.Services, new IInboundMessageHandler[] { handler }.AsEnumerable());

    private static async Task<Delivery> SingleDeliveryAsync(ExchangeHarness h, Guid distributionId) =>
        Assert.Single(await h.Get<DeliveryStore>().ListAsync(h.MerchantId, new DeliveryFilter(distributionId), null, 10, None));
}

public sealed class SqliteEngagementTests : EngagementContract
{
    protected override StorageProvider Provider => StorageProvider.Sqlite;
}

public sealed class PostgresEngagementTests : EngagementContract
{
    protected override StorageProvider Provider => StorageProvider.Postgres;
}
