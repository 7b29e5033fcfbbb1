using System.Text.Json;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Engagement;
using Fairdrop.Exchange.Inbox;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;
using Fairdrop.Exchange.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fairdrop.Exchange.Tests.Dispatch;

/// <summary>Match → deliveries → dispatch on a real database: idempotency, caps, claims, crash recovery, fallback.</summary>
public abstract partial class ExchangeFlowContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    protected abstract StorageProvider Provider { get; }

    [SkippableFact]
    public async Task CreateDistribution_SameKeyTwice_OneDistribution()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var sender = await h.AddSenderAsync(new SenderRules([Channel.InApp]));
        var store = h.Get<DistributionStore>();

        var (first, created1) = await store.CreateAsync(NewDistribution(h, sender, "key-1"), None);
        var (second, created2) = await store.CreateAsync(NewDistribution(h, sender, "key-1"), None);

        Assert.True(created1);
        Assert.False(created2);
        Assert.Equal(first.Id, second.Id);
        Assert.Single(await store.ListAsync(h.MerchantId, null, 100, None));
    }

    [SkippableFact]
    public async Task Match_StreamsEveryRecipientInChunks_FunnelAccountsForAll()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider, new Dictionary<string, string?> { ["Fairdrop:Exchange:MatchChunkSize"] = "7" });
        var sender = await h.AddSenderAsync(new SenderRules([Channel.InApp], ConsentRequired: [Channel.InApp]));
        await AddRecipientsAsync(h, 50, consentEvery: 2);
        var (distribution, _) = await h.Get<DistributionStore>().CreateAsync(NewDistribution(h, sender, "k"), None);

        var matched = await h.Get<DistributionMatchRunner>().RunAsync(h.MerchantId, distribution.Id, None);
        var funnel = await h.Get<DeliveryStore>().FunnelAsync(h.MerchantId, distribution.Id, None);

        Assert.Equal(50, matched);
        Assert.Equal(50, funnel.Matched);
        Assert.Equal(25, funnel.ByStatus[DeliveryStatus.Scheduled]);
        Assert.Equal(25, funnel.DroppedByReason["no_consent"]);
        Assert.Equal(Distribution.Matched, (await h.Get<DistributionStore>().GetAsync(h.MerchantId, distribution.Id, None))!.Status);
    }

    [SkippableFact]
    public async Task Match_SenderDailyCap_SecondDistributionDropsCapReached()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var sender = await h.AddSenderAsync(new SenderRules([Channel.InApp], Caps: new Caps(PerDay: 1)));
        await AddRecipientsAsync(h, 3, consentEvery: 1);
        var runner = h.Get<DistributionMatchRunner>();
        var (first, _) = await h.Get<DistributionStore>().CreateAsync(NewDistribution(h, sender, "a"), None);
        await runner.RunAsync(h.MerchantId, first.Id, None);
        var (second, _) = await h.Get<DistributionStore>().CreateAsync(NewDistribution(h, sender, "b"), None);

        await runner.RunAsync(h.MerchantId, second.Id, None);

        var funnel = await h.Get<DeliveryStore>().FunnelAsync(h.MerchantId, second.Id, None);
        Assert.Equal(3, funnel.DroppedByReason["cap_reached"]);
    }

    [SkippableFact]
    public async Task Dispatch_CrashBetweenClaimAndSend_SentExactlyOnceAfterLeaseExpires()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var distribution = await FourInAppDeliveriesAsync(h, "crash");
        var deliveries = h.Get<DeliveryStore>();

        // A node claims (marks sending) and dies before sending anything.
        var lease = TimeSpan.FromMinutes(2);
        var orphaned = await deliveries.ClaimAsync(h.Time.GetUtcNow(), lease, 100, None);
        Assert.Equal(4, orphaned.Count);
        Assert.Equal(0, await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None)); // claimed rows are not taken while the lease holds

        h.Time.Advance(lease + TimeSpan.FromSeconds(1));
        var recovered = await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);

        Assert.Equal(4, recovered);
        Assert.Equal(0, await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None));
        var funnel = await deliveries.FunnelAsync(h.MerchantId, distribution.Id, None);
        Assert.Equal(4, funnel.ByStatus[DeliveryStatus.Sent]);
        for (var i = 0; i < 4; i++)
        {
            Assert.Single(await h.Get<InboxStore>().ListAsync(h.MerchantId, $"user-{i}", null, 10, false, None));
        }
    }

    [SkippableFact]
    public async Task Dispatch_HandedDeliveries_SentWithoutAClaim_AndOneHandedTooLateWaitsForTheOrdinaryClaim()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var distribution = await FourInAppDeliveriesAsync(h, "handed");

        // A producer (restock's round writer) writes the rows claimed and hands them over once committed.
        var lease = TimeSpan.FromMinutes(2);
        var leaseUntil = h.Time.GetUtcNow() + lease;
        var rows = (await h.Get<DeliveryStore>().ClaimAsync(h.Time.GetUtcNow(), lease, 100, None)).OrderBy(d => d.Id).ToList();
        var handoff = h.Get<DispatchHandoff>();
        var dispatcher = h.Get<DeliveryDispatcher>();
        using (dispatcher.AttachLoop())
        {
            Assert.Equal(4, handoff.Reserve(4));
            handoff.Hand([.. rows.Take(3).Select(d => new HandedDelivery(d.Id, d.MerchantId, d.DistributionId, d.RecipientId, d.Channel, leaseUntil))], 4);
            Assert.Equal(3, await dispatcher.DispatchOnceAsync(None)); // taken from the handoff: no claim (none is due)

            // Handed when more than half its lease is gone: left to the ordinary claim once the lease runs out.
            h.Time.Advance(TimeSpan.FromMinutes(1.5));
            handoff.Hand([new HandedDelivery(rows[3].Id, rows[3].MerchantId, rows[3].DistributionId, rows[3].RecipientId, rows[3].Channel, leaseUntil)], 0);
            Assert.Equal(0, await dispatcher.DispatchOnceAsync(None));
            h.Time.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(1, await dispatcher.DispatchOnceAsync(None));
        }

        var funnel = await h.Get<DeliveryStore>().FunnelAsync(h.MerchantId, distribution.Id, None);
        Assert.Equal(4, funnel.ByStatus[DeliveryStatus.Sent]);
        for (var i = 0; i < 4; i++)
        {
            Assert.Single(await h.Get<InboxStore>().ListAsync(h.MerchantId, $"user-{i}", null, 10, false, None));
        }

        Assert.Equal(0, handoff.Reserve(1)); // no loop attached any more
    }

    [SkippableFact]
    public async Task DispatchWorker_WaitingOutItsPollInterval_SendsHandedDeliveriesAtOnce()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var distribution = await FourInAppDeliveriesAsync(h, "wake");
        var lease = TimeSpan.FromMinutes(2);
        var rows = await h.Get<DeliveryStore>().ClaimAsync(h.Time.GetUtcNow(), lease, 100, None); // as a producer writes them
        var worker = h.Get<DispatchWorker>();
        var handoff = h.Get<DispatchHandoff>();
        await worker.StartAsync(None);
        try
        {
            // The fake clock never moves, so a loop that found nothing sleeps until something is handed over.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            int reserved;
            while ((reserved = handoff.Reserve(4)) == 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20); // until the loops have attached
            }

            handoff.Hand([.. rows.Select(d => new HandedDelivery(d.Id, d.MerchantId, d.DistributionId, d.RecipientId, d.Channel, h.Time.GetUtcNow() + lease))], reserved);
            Funnel funnel;
            do
            {
                await Task.Delay(20);
                funnel = await h.Get<DeliveryStore>().FunnelAsync(h.MerchantId, distribution.Id, None);
            }
            while (funnel.ByStatus.GetValueOrDefault(DeliveryStatus.Sent) < 4 && waited.Elapsed < TimeSpan.FromSeconds(20));

            Assert.Equal(4, reserved);
            Assert.Equal(4, funnel.ByStatus[DeliveryStatus.Sent]);
        }
        finally
        {
            await worker.StopAsync(None);
        }
    }

    [SkippableFact]
    public async Task Dispatch_CrashAfterSendBeforeMarking_ResendCarriesSameKeyAndInboxHoldsOne()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var sender = await h.AddSenderAsync(new SenderRules([Channel.InApp]));
        await AddRecipientsAsync(h, 1, consentEvery: 1);
        var (distribution, _) = await h.Get<DistributionStore>().CreateAsync(NewDistribution(h, sender, "crash2"), None);
        await h.Get<DistributionMatchRunner>().RunAsync(h.MerchantId, distribution.Id, None);
        var claimed = (await h.Get<DeliveryStore>().ClaimAsync(h.Time.GetUtcNow(), TimeSpan.FromMinutes(2), 10, None)).Single();
        var recipient = (await h.Get<RecipientStore>().ListAsync(h.MerchantId, null, 10, None)).Single();
        var inApp = h.Services.GetServices<IChannel>().Single(c => c.Kind == Channel.InApp);
        await inApp.SendAsync(new OutboundMessage(claimed.Id, h.MerchantId, sender, recipient, null, new RenderedContent(Title: "t", Body: "b"), null), None);

        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);

        Assert.Equal(DeliveryStatus.Sent, (await h.Get<DeliveryStore>().GetAsync(claimed.Id, None))!.Status);
        Assert.Single(await h.Get<InboxStore>().ListAsync(h.MerchantId, "user-0", null, 10, false, None));
    }

    [SkippableFact]
    public async Task Dispatch_PermanentFailure_FallsBackThenTransientRetriesUntilDead()
    {
        var webhook = new RecordingChannel(Channel.Webhook) { Answer = _ => SendOutcome.Permanent("410 gone") };
        var inApp = new RecordingChannel(Channel.InApp) { Answer = _ => SendOutcome.Transient("busy") };
        await using var h = await ExchangeHarness.CreateAsync(
            Provider,
            new Dictionary<string, string?> { ["Fairdrop:Exchange:MaxAttempts"] = "3" },
            s =>
            {
                s.RemoveAll<IChannel>();
                s.AddSingleton<IChannel>(webhook);
                s.AddSingleton<IChannel>(inApp);
            });
        var sender = await h.AddSenderAsync(new SenderRules([Channel.Webhook, Channel.InApp]));
        await AddRecipientsAsync(h, 1, consentEvery: 1, webhook: true);
        var (distribution, _) = await h.Get<DistributionStore>().CreateAsync(NewDistribution(h, sender, "fb"), None);
        await h.Get<DistributionMatchRunner>().RunAsync(h.MerchantId, distribution.Id, None);
        var dispatcher = h.Get<DeliveryDispatcher>();

        await dispatcher.DispatchOnceAsync(None); // webhook: permanent → fallback to in_app
        await dispatcher.DispatchOnceAsync(None); // in_app: transient, attempt 2
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await dispatcher.DispatchOnceAsync(None); // in_app: transient, attempt 3 → dead

        var delivery = (await h.Get<DeliveryStore>().ListAsync(h.MerchantId, new DeliveryFilter(distribution.Id), null, 10, None)).Single();
        Assert.Single(webhook.Calls);
        Assert.Equal(2, inApp.Calls.Count);
        Assert.Equal("in_app", delivery.Channel);
        Assert.Equal(DeliveryStatus.Dead, delivery.Status);
        Assert.Equal(3, delivery.Attempts);
    }

    [SkippableFact]
    public async Task Dispatch_MixedOutcomesInOneBatch_EachRecordedWithItsEngagement()
    {
        var inApp = new RecordingChannel(Channel.InApp)
        {
            Answer = m => m.Recipient.ExternalId switch
            {
                "shopper-0" => SendOutcome.Permanent("no such user"),
                "shopper-1" => SendOutcome.Transient("busy"),
                _ => SendOutcome.Sent($"p-{m.Recipient.ExternalId}"),
            },
        };
        await using var h = await CreateWithChannelAsync(inApp, concurrency: 4);
        var distribution = await MatchedDistributionAsync(h, recipients: 6, "mixed");

        Assert.Equal(6, await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None));

        var rows = await h.Get<DeliveryStore>().ListAsync(h.MerchantId, new DeliveryFilter(distribution.Id), null, 10, None);
        Assert.Equal(4, rows.Count(r => r.Status == DeliveryStatus.Sent && r.ProviderId!.StartsWith("p-shopper-", StringComparison.Ordinal) && r.Attempts == 1));
        Assert.Equal(1, rows.Count(r => r.Status == DeliveryStatus.Failed && r.LastError == "no such user"));
        Assert.Equal(1, rows.Count(r => r.Status == DeliveryStatus.Retrying && r.NextAttemptAt > h.Time.GetUtcNow()));
        var funnel = await h.Get<DeliveryStore>().FunnelAsync(h.MerchantId, distribution.Id, None);
        Assert.Equal(4, funnel.Engagement!["delivered"]);
        Assert.Equal(1, funnel.Engagement!["failed"]);
        var sent = rows.First(r => r.Status == DeliveryStatus.Sent);
        var events = await h.Get<EngagementStore>().ListAsync(h.MerchantId, sent.Id, null, null, 10, None);
        Assert.Equal(("delivered", sent.Id, sent.SentAt), events.Select(e => (e.Kind, e.DeliveryId!.Value, (DateTimeOffset?)e.OccurredAt)).Single());
        var history = await h.Get<EngagementStore>().HistoryAsync(h.MerchantId, null, "in_app", h.Time.GetUtcNow().AddDays(-1), None);
        Assert.Equal(4, history.Where(r => r.Kind == "delivered" && r.Hour == 12).Sum(r => r.Count));
        Assert.Equal(1, history.Where(r => r.Kind == "failed").Sum(r => r.Count));
    }

    [SkippableFact]
    public async Task Dispatch_Concurrency_SendsSideBySideWithinTheBound()
    {
        var inApp = new BarrierChannel(Channel.InApp, width: 4);
        await using var h = await CreateWithChannelAsync(inApp, concurrency: 4);
        var distribution = await MatchedDistributionAsync(h, recipients: 12, "wide");

        Assert.Equal(12, await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None));

        Assert.Equal(4, inApp.MostInFlight);
        Assert.Equal(12, inApp.Sent);
        var funnel = await h.Get<DeliveryStore>().FunnelAsync(h.MerchantId, distribution.Id, None);
        Assert.Equal(12, funnel.ByStatus[DeliveryStatus.Sent]);
    }

    [SkippableFact]
    public async Task Dispatch_StoppedMidBatch_RecordsWhatWasSentAndGivesTheRestBack()
    {
        using var stop = new CancellationTokenSource();
        var inApp = new RecordingChannel(Channel.InApp);
        inApp.Answer = _ =>
        {
            if (inApp.Calls.Count == 2)
            {
                stop.Cancel();
            }

            return SendOutcome.Sent();
        };
        await using var h = await CreateWithChannelAsync(inApp, concurrency: 1);
        var distribution = await MatchedDistributionAsync(h, recipients: 5, "stop");
        var dispatcher = h.Get<DeliveryDispatcher>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dispatcher.DispatchOnceAsync(stop.Token));

        var rows = await h.Get<DeliveryStore>().ListAsync(h.MerchantId, new DeliveryFilter(distribution.Id), null, 10, None);
        Assert.Equal(2, rows.Count(r => r.Status == DeliveryStatus.Sent));
        Assert.Equal(3, rows.Count(r => r.Status == DeliveryStatus.Scheduled && r.Attempts == 0));
        Assert.Equal(3, await dispatcher.DispatchOnceAsync(None)); // given back at once, not after the lease
        Assert.Equal(5, inApp.Calls.Select(c => c.DeliveryId).Distinct().Count());
        Assert.Equal(5, inApp.Calls.Count);
    }

    [SkippableFact]
    public async Task Dispatch_LoopsSideBySide_EachDeliverySentExactlyOnce()
    {
        var inApp = new RecordingChannel(Channel.InApp);
        await using var h = await ExchangeHarness.CreateAsync(
            Provider,
            new Dictionary<string, string?> { ["Fairdrop:Exchange:DispatchBatchSize"] = "3" },
            s =>
            {
                s.RemoveAll<IChannel>();
                s.AddSingleton<IChannel>(inApp);
            });
        var distribution = await MatchedDistributionAsync(h, recipients: 40, "loops");
        var dispatcher = h.Get<DeliveryDispatcher>();

        // What DispatchWorker does with DispatchLoops > 1: loops claiming small batches at the same time until none is due.
        var claimed = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var total = 0;
            for (int n; (n = await dispatcher.DispatchOnceAsync(None)) > 0;)
            {
                total += n;
            }

            return total;
        })));

        Assert.Equal(40, claimed.Sum());
        Assert.Equal(40, inApp.Calls.Count);
        Assert.Equal(40, inApp.Calls.Select(c => c.DeliveryId).Distinct().Count());
        var funnel = await h.Get<DeliveryStore>().FunnelAsync(h.MerchantId, distribution.Id, None);
        Assert.Equal(40, funnel.ByStatus[DeliveryStatus.Sent]);
    }

    [SkippableFact]
    public async Task Dispatch_ConsentWithdrawnOrTopicOptedOutAfterMatching_DroppedNotSent()
    {
        var inApp = new RecordingChannel(Channel.InApp);
        await using var h = await CreateWithChannelAsync(inApp, concurrency: 1);
        var sender = await h.AddSenderAsync(new SenderRules([Channel.InApp], ConsentRequired: [Channel.InApp]));
        var ids = await AddRecipientsAsync(h, 4, consentEvery: 1);
        var (distribution, _) = await h.Get<DistributionStore>().CreateAsync(NewDistribution(h, sender, "declined"), None);
        await h.Get<DistributionMatchRunner>().RunAsync(h.MerchantId, distribution.Id, None);

        // After matching, before the send: shopper-1 unsubscribes from in-app, shopper-2 from the "restock" topic.
        Assert.True(await h.Get<RecipientStore>().WithdrawConsentAsync(h.MerchantId, ids[1], Channel.InApp, None));
        var consent = new Dictionary<Channel, Consent> { [Channel.InApp] = new("web_form", "Yes", h.Time.GetUtcNow()) };
        await h.Get<RecipientStore>().UpsertAsync(h.MerchantId, [new RecipientInput("shopper-2", JsonDocument.Parse("{}").RootElement,
            new Contacts(InAppUserId: "user-2"), consent, new RecipientRules(OptedOutTopics: ["restock"]))], None);
        Assert.Equal(4, await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None));

        Assert.Equal(["shopper-0", "shopper-3"], inApp.Calls.Select(c => c.Recipient.ExternalId).Order().ToArray());
        var funnel = await h.Get<DeliveryStore>().FunnelAsync(h.MerchantId, distribution.Id, None);
        Assert.Equal(2, funnel.ByStatus[DeliveryStatus.Sent]);
        Assert.Equal(1, funnel.DroppedByReason["no_consent"]);
        Assert.Equal(1, funnel.DroppedByReason["opted_out"]);
        Assert.Equal(0, await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None));
    }

    [SkippableFact]
    public async Task Dispatch_ConsentWithdrawnOnFirstChannel_SentOnFallbackInstead()
    {
        var inApp = new RecordingChannel(Channel.InApp);
        var email = new RecordingChannel(Channel.Email);
        await using var h = await ExchangeHarness.CreateAsync(Provider, configure: s =>
        {
            s.RemoveAll<IChannel>();
            s.AddSingleton<IChannel>(inApp);
            s.AddSingleton<IChannel>(email);
        });
        var sender = await h.AddSenderAsync(new SenderRules([Channel.InApp, Channel.Email], ConsentRequired: [Channel.InApp]));
        var ids = await AddRecipientsAsync(h, 1, consentEvery: 1);
        var (distribution, _) = await h.Get<DistributionStore>().CreateAsync(NewDistribution(h, sender, "fallback"), None);
        await h.Get<DistributionMatchRunner>().RunAsync(h.MerchantId, distribution.Id, None);
        Assert.True(await h.Get<RecipientStore>().WithdrawConsentAsync(h.MerchantId, ids[0], Channel.InApp, None));

        await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);
        await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);

        Assert.Empty(inApp.Calls);
        Assert.Single(email.Calls);
        var delivery = Assert.Single(await h.Get<DeliveryStore>().ListAsync(h.MerchantId, new DeliveryFilter(distribution.Id), null, 10, None));
        Assert.Equal((DeliveryStatus.Sent, "email"), (delivery.Status, delivery.Channel));
    }

    [SkippableTheory]
    [InlineData("{{ 10 | math.divided_by data.zero }} left")] // valid Liquid that only fails with this data: 10 divided by zero
    [InlineData("Held until {{ data.when | date.to_string '%H:%M' }}")] // a date function given a string: not a ScriptRuntimeException
    public async Task Dispatch_TemplateFailsAtRender_ThatDeliveryFailsAndTheBatchGoesOn(string body)
    {
        var inApp = new RecordingChannel(Channel.InApp);
        await using var h = await CreateWithChannelAsync(inApp, concurrency: 2);
        var sender = await h.AddSenderAsync(new SenderRules([Channel.InApp]));
        await AddRecipientsAsync(h, 3, consentEvery: 1);
        var good = NewDistribution(h, sender, "good");
        var bad = NewDistribution(h, sender, "bad") with
        {
            Content = new DistributionContent(InApp: new InAppContent("Sale", body)),
            Data = JsonDocument.Parse("{\"zero\":0,\"when\":\"2026-12-07T15:14:49Z\"}").RootElement.Clone(),
        };
        foreach (var distribution in new[] { bad, good })
        {
            await h.Get<DistributionStore>().CreateAsync(distribution, None);
            await h.Get<DistributionMatchRunner>().RunAsync(h.MerchantId, distribution.Id, None);
        }

        Assert.Equal(6, await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None));

        Assert.Equal(3, inApp.Calls.Count);
        var failed = await h.Get<DeliveryStore>().ListAsync(h.MerchantId, new DeliveryFilter(bad.Id), null, 10, None);
        Assert.All(failed, d => Assert.Equal(DeliveryStatus.Failed, d.Status));
        Assert.All(failed, d => Assert.StartsWith("template: ", d.LastError, StringComparison.Ordinal));
        Assert.Equal(0, await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None));
    }

    private async Task<ExchangeHarness> CreateWithChannelAsync(IChannel channel, int concurrency) =>
        await ExchangeHarness.CreateAsync(
            Provider,
            new Dictionary<string, string?> { ["Fairdrop:Exchange:DispatchConcurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            s =>
            {
                s.RemoveAll<IChannel>();
                s.AddSingleton(channel);
            });

    private static async Task<Distribution> MatchedDistributionAsync(ExchangeHarness h, int recipients, string key)
    {
        var sender = await h.AddSenderAsync(new SenderRules([Channel.InApp]));
        await AddRecipientsAsync(h, recipients, consentEvery: 1);
        var (distribution, _) = await h.Get<DistributionStore>().CreateAsync(NewDistribution(h, sender, key), None);
        await h.Get<DistributionMatchRunner>().RunAsync(h.MerchantId, distribution.Id, None);
        return distribution;
    }

    private static Distribution NewDistribution(ExchangeHarness h, Sender sender, string key)
    {
        var now = h.Time.GetUtcNow();
        var content = new DistributionContent(
            Email: new EmailContent("Back: {{ data.product }}", "<p>Hi {{ recipient.externalId }}</p>", "Hi {{ recipient.externalId }}"),
            InApp: new InAppContent("{{ data.product }} is back", "Hi {{ recipient.externalId }}"),
            Webhook: new WebhookContent("{\"product\":\"{{ data.product }}\"}"));
        using var data = JsonDocument.Parse("{\"product\":\"Red shoes\"}");
        return new Distribution(Guid.CreateVersion7(now), h.MerchantId, sender.Id, "api", "restock", content, new Audience(), data.RootElement.Clone(), null, key, Distribution.Matching, now, null);
    }

    /// <summary>An in-app sender, four consenting recipients and a distribution matched to them: four scheduled deliveries.</summary>
    private static async Task<Distribution> FourInAppDeliveriesAsync(ExchangeHarness h, string key)
    {
        var sender = await h.AddSenderAsync(new SenderRules([Channel.InApp]));
        await AddRecipientsAsync(h, 4, consentEvery: 1);
        var (distribution, _) = await h.Get<DistributionStore>().CreateAsync(NewDistribution(h, sender, key), None);
        await h.Get<DistributionMatchRunner>().RunAsync(h.MerchantId, distribution.Id, None);
        return distribution;
    }

    private static async Task<IReadOnlyList<Guid>> AddRecipientsAsync(ExchangeHarness h, int count, int consentEvery, bool webhook = false)
    {
        var consent = new Consent("web_form", "Yes, tell me", h.Time.GetUtcNow());
        var inputs = Enumerable.Range(0, count).Select(i => new RecipientInput(
            $"shopper-{i}",
            JsonDocument.Parse("{\"tier\":\"gold\"}").RootElement,
            new Contacts(Email: $"s{i}@example.com", InAppUserId: $"user-{i}", WebhookUrl: webhook ? "https://hooks.example.com/x" : null),
            i % consentEvery == 0 ? new Dictionary<Channel, Consent> { [Channel.InApp] = consent, [Channel.Email] = consent } : new Dictionary<Channel, Consent>(),
            RecipientRules.Default)).ToList();
        return await h.Get<RecipientStore>().UpsertAsync(h.MerchantId, inputs, None);
    }
}

public sealed class SqliteExchangeFlowTests : ExchangeFlowContract
{
    protected override StorageProvider Provider => StorageProvider.Sqlite;
}

public sealed class PostgresExchangeFlowTests : ExchangeFlowContract
{
    protected override StorageProvider Provider => StorageProvider.Postgres;
}
