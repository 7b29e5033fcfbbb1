using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Conversations;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Inbound;
using Fairdrop.Exchange.Inbox;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;
using Fairdrop.Mailboxes.Conversations;
using Fairdrop.Mailboxes.Model;
using Fairdrop.Testing;

namespace Fairdrop.Mailboxes.Tests.Conversations;

/// <summary>
/// The exchange feeds the merchant's conversations account (ADR 0027) through its two seams: what the shopper sends
/// (IInboundMessageHandler) and what is sent to them in a conversation (IConversationRecorder), each message once, one
/// thread per shopper; a staff reply from the account reaches the shopper on the conversation's channel.
/// </summary>
public sealed class ConversationFeedTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task InAppConversation_FedOnceIntoTheShoppersThread_AndAStaffReplyReachesTheirInbox(StorageProvider provider)
    {
        await using var h = await MailboxHarness.CreateAsync(provider);
        var shopper = await ShopperAsync(h);

        // The shop writes first (a staff answer through the exchange), the shopper answers in the SDK, twice the same reply.
        Assert.True((await h.Get<ConversationReplies>().SendAsync(h.MerchantId, shopper, "in_app", "Your pair is back, want it?", "first", Ct)).IsSuccess);
        await DispatchAsync(h);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var offer = Assert.Single(await InboxAsync(h));
        var reply = await h.Get<InboundService>().ReplyInAppAsync(h.MerchantId, "ana", offer.Id, "Can I pick it up today?", "tap-1", Ct);
        Assert.False(reply.Value!.Duplicate);
        Assert.True((await h.Get<InboundService>().ReplyInAppAsync(h.MerchantId, "ana", offer.Id, "Can I pick it up today?", "tap-1", Ct)).Value!.Duplicate);

        // The conversations account was created on first use; nobody sees anything there until ranges are set.
        var account = Assert.Single(await h.MailboxAdmin.ListAccountsAsync(h.MerchantId, Ct), a => a.Conversations);
        Assert.Equal(("im", ConversationFeed.AccountName), (account.Kind, account.Name));
        await h.SeeAllAsync(account.Id);
        var reader = MailboxCaller.Operator(MailboxUser.Default);
        var fed = (await h.Mailboxes.ListAsync(h.MerchantId, account.Id, reader, null, null, 50, Ct)).Value!.Items;
        Assert.Equal(["in", "out"], fed.Select(m => m.Direction));
        Assert.All(fed, m => Assert.Equal((ConversationFeed.ThreadOf(shopper), "in_app"), (m.ThreadKey, m.Channel)));
        Assert.Equal(("ana", "Can I pick it up today?"), (fed[0].Sender, fed[0].Body));
        Assert.Equal(("ana", "Your pair is back, want it?"), (fed[1].Recipient, fed[1].Body));

        // A staff answer from the mailbox goes to the shopper's in-app inbox; the exchange's copy of it is not stored twice.
        var agent = await h.StaffAsync("support");
        await h.SetAsync(account.Id, MailboxUser.ForRole("support"), new RangeSpec(RangeKind.Since, Start: MailboxHarness.Start.AddYears(-1)));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var answered = await h.Mailboxes.ReplyAsync(h.MerchantId, account.Id, MailboxCaller.Staff(agent.Id), fed[0].Id, "Yes, from 10 am.", Ct);
        Assert.True(answered.IsSuccess, answered.Error?.Message);
        Assert.Equal("in_app", answered.Value!.Channel);
        await DispatchAsync(h);
        Assert.Equal(["Your pair is back, want it?", "Yes, from 10 am."], (await InboxAsync(h)).Select(m => m.Body));
        var thread = (await h.Mailboxes.ListAsync(h.MerchantId, account.Id, reader, null, ConversationFeed.ThreadOf(shopper), 50, Ct)).Value!.Items;
        Assert.Equal(3, thread.Count);
        Assert.Equal("Yes, from 10 am.", thread.Single(m => m.Direction == "out" && m.Id == answered.Value.Id).Body);
    }

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task RollingRange_OnFedConversations_ShowsTheLast30DaysOnly_AndMovesWithTheClock(StorageProvider provider)
    {
        await using var h = await MailboxHarness.CreateAsync(provider);
        var feed = h.Get<ConversationFeed>();
        var shopper = Guid.NewGuid();
        var now = h.Time.GetUtcNow();
        foreach (var days in new[] { 40, 31, 29, 1 })
        {
            await feed.HandleAsync(Inbound(h, shopper, $"sms {days} days ago", now.AddDays(-days)), Ct);
            await feed.RecordSentAsync(new SentConversationMessage(Guid.NewGuid(), h.MerchantId, shopper, "sms", "+14155550100", null, $"answer {days} days ago", now.AddDays(-days).AddMinutes(5)), Ct);
        }

        var account = (await h.MailboxAdmin.ListAccountsAsync(h.MerchantId, Ct)).Single(a => a.Conversations).Id;
        await h.SetAsync(account, MailboxUser.ForRole("support"), new RangeSpec(RangeKind.Rolling, Length: TimeSpan.FromDays(30)));
        var agent = MailboxCaller.Staff((await h.StaffAsync("support")).Id);

        var visible = (await h.Mailboxes.ListAsync(h.MerchantId, account, agent, null, null, 50, Ct)).Value!.Items;
        Assert.Equal(["answer 1 days ago", "sms 1 days ago", "answer 29 days ago", "sms 29 days ago"], visible.Select(m => m.Body));
        Assert.Equal(4, (await h.Mailboxes.CountAsync(h.MerchantId, account, agent, null, Ct)).Value);
        Assert.Equal(0, (await h.Mailboxes.CountAsync(h.MerchantId, account, MailboxCaller.Operator(MailboxUser.Default), null, Ct)).Value); // no default range: nothing

        // Two days later the 29-day-old pair is 31 days old: gone from the list, the search and a direct read.
        var older = visible[^1].Id;
        h.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(["answer 1 days ago", "sms 1 days ago"], (await h.Mailboxes.ListAsync(h.MerchantId, account, agent, null, null, 50, Ct)).Value!.Items.Select(m => m.Body));
        Assert.Equal(0, (await h.Mailboxes.SearchAsync(h.MerchantId, account, agent, "29", 50, Ct)).Value!.Total);
        Assert.Equal(MailboxErrors.MessageNotFound, (await h.Mailboxes.GetAsync(h.MerchantId, account, agent, older, Ct)).Error?.Code);
    }

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task Feed_SameMessageTwice_StoredOnce_AndAnUnknownNumberCannotBeAnswered(StorageProvider provider)
    {
        await using var h = await MailboxHarness.CreateAsync(provider);
        var feed = h.Get<ConversationFeed>();
        var unknown = new InboundMessage(Guid.NewGuid(), h.MerchantId, null, null, "sms", "+14155550199", "+14155550000", "Who is this?", "SM1", h.Time.GetUtcNow());
        await feed.HandleAsync(unknown, Ct);
        await feed.HandleAsync(unknown, Ct);
        var sent = new SentConversationMessage(Guid.NewGuid(), h.MerchantId, Guid.NewGuid(), "sms", "+14155550100", null, "Reply YES", h.Time.GetUtcNow());
        await feed.RecordSentAsync(sent, Ct);
        await feed.RecordSentAsync(sent with { SentAt = sent.SentAt.AddMinutes(1) }, Ct); // a resend after a crash: the same delivery

        var account = (await h.MailboxAdmin.ListAccountsAsync(h.MerchantId, Ct)).Single(a => a.Conversations).Id;
        await h.SeeAllAsync(account);
        var reader = MailboxCaller.Operator(MailboxUser.Default);
        var items = (await h.Mailboxes.ListAsync(h.MerchantId, account, reader, null, null, 50, Ct)).Value!.Items;
        Assert.Equal(2, items.Count);
        var stranger = items.Single(m => m.Direction == "in");
        Assert.Equal("sms:+14155550199", stranger.ThreadKey);
        Assert.Equal(MailboxErrors.NoShopper, (await h.Mailboxes.ReplyAsync(h.MerchantId, account, reader, stranger.Id, "Hello", Ct)).Error?.Code);
    }

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task UseForConversations_MovesTheFeedToAnotherImAccount_AndRefusesAMailbox(StorageProvider provider)
    {
        await using var h = await MailboxHarness.CreateAsync(provider);
        var feed = h.Get<ConversationFeed>();
        var shopper = Guid.NewGuid();
        await feed.HandleAsync(Inbound(h, shopper, "first", h.Time.GetUtcNow()), Ct);
        var first = (await h.MailboxAdmin.ListAccountsAsync(h.MerchantId, Ct)).Single(a => a.Conversations).Id;

        var chosen = await h.AccountAsync("im", null);
        var moved = await h.MailboxAdmin.UseForConversationsAsync(h.MerchantId, chosen, "test", Ct);
        Assert.True(moved.Value!.Conversations);
        await feed.HandleAsync(Inbound(h, shopper, "second", h.Time.GetUtcNow()), Ct);

        var accounts = await h.MailboxAdmin.ListAccountsAsync(h.MerchantId, Ct);
        Assert.Equal(chosen, accounts.Single(a => a.Conversations).Id);
        foreach (var (id, body) in new[] { (first, "first"), (chosen, "second") })
        {
            await h.SeeAllAsync(id);
            var only = Assert.Single((await h.Mailboxes.ListAsync(h.MerchantId, id, MailboxCaller.Operator(MailboxUser.Default), null, null, 50, Ct)).Value!.Items);
            Assert.Equal(body, only.Body);
        }

        var mailbox = await h.AccountAsync();
        Assert.Equal("validation_failed", (await h.MailboxAdmin.UseForConversationsAsync(h.MerchantId, mailbox, "test", Ct)).Error?.Code);
        Assert.Equal(chosen, (await h.MailboxAdmin.ListAccountsAsync(h.MerchantId, Ct)).Single(a => a.Conversations).Id);
    }

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task ShopperTextsFirst_TheAnswerGoesBackBySms_ThroughTheProvider(StorageProvider provider)
    {
        await using var twilio = await FakeTwilio.StartAsync();
        await using var h = await MailboxHarness.CreateAsync(provider, new Dictionary<string, string?>
        {
            ["Fairdrop:Exchange:Sms:BaseUrl"] = twilio.BaseUrl,
            ["Fairdrop:Exchange:Sms:AccountSid"] = FakeTwilio.AccountSid,
            ["Fairdrop:Exchange:Sms:AuthToken"] = FakeTwilio.AuthToken,
            ["Fairdrop:Exchange:Sms:From"] = FakeTwilio.From,
        });
        Assert.True((await h.Get<SenderService>().CreateAsync(h.MerchantId, new SenderDraft("Texts", null, "alerts@shop.test", null, new SenderRules([Channel.Sms], ConsentRequired: [])), Ct)).IsSuccess);
        var shopper = (await h.Get<RecipientService>().UpsertAsync(h.MerchantId, new RecipientDraft("ben", null, new Contacts(Phone: "+14155550123"), null, null), Ct)).Value!.Id;

        // Ben texts the shop's number before the shop ever wrote to him; the text arrives in his thread.
        Assert.True((await h.Get<InboundService>().ReceiveSmsAsync(h.MerchantId, "SM-in-1", "+14155550123", FakeTwilio.From, "Do you have size 44?", Ct)).IsSuccess);
        var account = (await h.MailboxAdmin.ListAccountsAsync(h.MerchantId, Ct)).Single(a => a.Conversations).Id;
        await h.SeeAllAsync(account);
        var reader = MailboxCaller.Operator(MailboxUser.Default);
        var question = Assert.Single((await h.Mailboxes.ListAsync(h.MerchantId, account, reader, null, null, 50, Ct)).Value!.Items);
        Assert.Equal(("sms", "+14155550123", ConversationFeed.ThreadOf(shopper)), (question.Channel, question.Sender, question.ThreadKey));

        h.Time.Advance(TimeSpan.FromMinutes(1));
        var answered = await h.Mailboxes.ReplyAsync(h.MerchantId, account, reader, question.Id, "Yes, two pairs left.", Ct);
        Assert.Equal("sms", answered.Value!.Channel);
        await DispatchAsync(h);

        var sent = Assert.Single(twilio.Messages.Values);
        Assert.Equal(("+14155550123", "Yes, two pairs left."), (sent["To"], sent["Body"]));
        Assert.Equal(2, (await h.Mailboxes.CountAsync(h.MerchantId, account, reader, null, Ct)).Value);
    }

    private static InboundMessage Inbound(MailboxHarness h, Guid shopper, string body, DateTimeOffset at) =>
        new(Guid.NewGuid(), h.MerchantId, shopper, null, "sms", "+14155550100", "+14155550000", body, $"SM{Guid.NewGuid():N}", at);

    private static async Task<Guid> ShopperAsync(MailboxHarness h)
    {
        var sender = await h.Get<SenderService>().CreateAsync(h.MerchantId, new SenderDraft("Midnight Sneakers", null, "alerts@shop.test", null, new SenderRules([Channel.InApp], ConsentRequired: [])), Ct);
        Assert.True(sender.IsSuccess, sender.Error?.Message);
        var recipient = await h.Get<RecipientService>().UpsertAsync(h.MerchantId, new RecipientDraft("ana", null, new Contacts(InAppUserId: "ana"), null, null), Ct);
        Assert.True(recipient.IsSuccess, recipient.Error?.Message);
        return recipient.Value!.Id;
    }

    private static async Task DispatchAsync(MailboxHarness h)
    {
        while (await h.Get<ExchangeDispatch>().DispatchOnceAsync(Ct) > 0)
        {
        }
    }

    private static Task<IReadOnlyList<InboxMessage>> InboxAsync(MailboxHarness h) => h.Get<InboxService>().ListAsync(h.MerchantId, "ana", null, 50, false, Ct);
}
