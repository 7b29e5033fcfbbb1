using System.Collections.Concurrent;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Conversations;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Inbound;
using Fairdrop.Exchange.Inbox;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Senders;
using Fairdrop.Exchange.Series;
using Fairdrop.Exchange.Tests.Series;
using Fairdrop.Exchange.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Exchange.Tests.Conversations;

/// <summary>
/// What the exchange copies to an <see cref="IConversationRecorder"/>: a series' messages (the launch's step, the texts
/// of a reply, a person's answer) as the dispatcher sends them, each with its delivery; a campaign's message is no
/// conversation and is not copied.
/// </summary>
public sealed class ConversationCopiesTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task SeriesMessages_AreCopiedOnceSent_CampaignsAreNot(StorageProvider provider)
    {
        var recorder = new Recorder();
        await using var h = await ExchangeHarness.CreateAsync(provider, configure: services => services.AddSingleton<IConversationRecorder>(recorder));
        var sender = await h.AddSenderAsync(new SenderRules([Channel.InApp]));
        var ana = await SmsFixtures.AddRecipientAsync(h, "ana", inAppUserId: "u-ana");
        var series = (await h.Get<SeriesService>().CreateAsync(h.MerchantId, SeriesFixtures.BackInStock(sender.Id), None)).Value!;
        var launch = (await h.Get<SeriesService>().LaunchAsync(h.MerchantId, series.Id, new SeriesLaunchRequest(new Audience(["ana"]), "launch-1"), None)).Value!;
        await h.Get<DistributionMatchRunner>().RunAsync(h.MerchantId, launch.DistributionId!.Value, None);
        await DispatchAsync(h);

        var offer = Assert.Single(recorder.Copies.Values);
        Assert.Equal((h.MerchantId, ana, "in_app", "u-ana"), (offer.MerchantId, offer.RecipientId, offer.Channel, offer.To));
        var inbox = Assert.Single(await h.Get<InboxService>().ListAsync(h.MerchantId, "u-ana", null, 10, false, None));
        Assert.Equal((inbox.DeliveryId, inbox.Title, inbox.Body), (offer.DeliveryId, offer.Title, offer.Body));

        // A reply hands the conversation to a person, who answers: both messages are copied, in the order sent.
        var reply = (await h.Get<InboundService>().ReplyInAppAsync(h.MerchantId, "u-ana", inbox.Id, "human please", "t-1", None)).Value!;
        await DispatchAsync(h);
        Assert.True((await h.Get<SeriesService>().AnswerAsync(h.MerchantId, reply.Series!.ConversationId, "staff-1", "We have your size.", null, false, None)).IsSuccess);
        await DispatchAsync(h);
        Assert.Equal(3, recorder.Copies.Count);
        Assert.Contains(recorder.Copies.Values, c => c.Body == "We have your size.");

        // A campaign to the same shopper on the same channel is not a conversation.
        var campaign = await h.Get<DistributionService>().CreateAsync(h.MerchantId, new DistributionDraft(
            sender.Id, "campaign", null, new DistributionContent(InApp: new InAppContent("Sale", "Everything -20%")), new Audience(["ana"]), null, null, "sale-1"), None);
        await h.Get<DistributionMatchRunner>().RunAsync(h.MerchantId, campaign.Value!.Distribution.Id, None);
        await DispatchAsync(h);
        Assert.Contains(await h.Get<InboxService>().ListAsync(h.MerchantId, "u-ana", null, 10, false, None), m => m.Body == "Everything -20%");
        Assert.Equal(3, recorder.Copies.Count);
        Assert.Equal(3, recorder.Calls);
    }

    private static async Task DispatchAsync(ExchangeHarness h)
    {
        while (await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None) > 0)
        {
        }
    }

    private sealed class Recorder : IConversationRecorder
    {
        private int _calls;

        public ConcurrentDictionary<Guid, SentConversationMessage> Copies { get; } = new();

        public int Calls => _calls;

        public ValueTask RecordSentAsync(SentConversationMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            Copies[message.DeliveryId] = message;
            return ValueTask.CompletedTask;
        }
    }
}
