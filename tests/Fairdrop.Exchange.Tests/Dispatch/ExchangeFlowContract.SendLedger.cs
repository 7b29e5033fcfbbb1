using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fairdrop.Exchange.Tests.Dispatch;

/// <summary>The send ledger (docs/adr/0014): uncertain deliveries after a crash, their recovery policies, the in-flight bound.</summary>
public abstract partial class ExchangeFlowContract
{
    [SkippableFact]
    public async Task Dispatch_HandedToChannelThenCrashed_FoundUncertainAndResentAsAPossibleDuplicate()
    {
        var channel = new RecordingChannel(Channel.InApp) { Answer = _ => throw new IOException("the process died here") };
        await using var h = await CreateWithChannelAsync(channel, concurrency: 1);
        var distribution = await MatchedDistributionAsync(h, 1, "uncertain-resend");
        var dispatcher = h.Get<DeliveryDispatcher>();

        await Assert.ThrowsAsync<IOException>(() => dispatcher.DispatchOnceAsync(None));
        channel.Answer = _ => SendOutcome.Sent();
        var beforeLease = await dispatcher.DispatchOnceAsync(None);
        h.Time.Advance(TimeSpan.FromMinutes(3));
        await dispatcher.DispatchOnceAsync(None);

        var delivery = (await h.Get<DeliveryStore>().ListAsync(h.MerchantId, new DeliveryFilter(distribution.Id, null, null, null), null, 10, None)).Single();
        var funnel = await h.Get<DeliveryStore>().FunnelAsync(h.MerchantId, distribution.Id, None);
        Assert.Equal(0, beforeLease);
        Assert.Equal(2, channel.Calls.Count);
        Assert.All(channel.Calls, c => Assert.Equal(delivery.Id, c.DeliveryId));
        Assert.Equal((DeliveryStatus.Sent, DeliveryOutcome.RecoveredAfterCrash, 2L), (delivery.Status, delivery.Reason, delivery.Attempts));
        Assert.Equal(1, funnel.PossibleDuplicates);
    }

    [SkippableFact]
    public async Task Dispatch_ClaimedButNeverHandedToChannel_ResentSilentlyAfterItsLease()
    {
        var channel = new RecordingChannel(Channel.InApp);
        await using var h = await CreateWithChannelAsync(channel, concurrency: 1);
        var distribution = await MatchedDistributionAsync(h, 1, "never-started");
        await h.Get<DeliveryStore>().ClaimAsync(h.Time.GetUtcNow(), TimeSpan.FromMinutes(2), 10, None); // and the process dies

        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);

        var delivery = (await h.Get<DeliveryStore>().ListAsync(h.MerchantId, new DeliveryFilter(distribution.Id, null, null, null), null, 10, None)).Single();
        Assert.Single(channel.Calls);
        Assert.Equal((DeliveryStatus.Sent, (string?)null, 1L), (delivery.Status, delivery.Reason, delivery.Attempts));
        Assert.Equal(0, (await h.Get<DeliveryStore>().FunnelAsync(h.MerchantId, distribution.Id, None)).PossibleDuplicates);
    }

    [SkippableFact]
    public async Task Dispatch_UncertainWithTheHoldPolicy_WaitsForTheOperatorWhoResendsOrDrops()
    {
        var channel = new RecordingChannel(Channel.InApp) { Answer = _ => throw new IOException("the process died here") };
        await using var h = await ExchangeHarness.CreateAsync(
            Provider,
            new Dictionary<string, string?> { ["Fairdrop:Exchange:DispatchBatchSize"] = "1", ["Fairdrop:Exchange:Recovery:in_app"] = "hold" },
            s =>
            {
                s.RemoveAll<IChannel>();
                s.AddSingleton<IChannel>(channel);
            });
        var distribution = await MatchedDistributionAsync(h, 2, "uncertain-hold");
        var dispatcher = h.Get<DeliveryDispatcher>();
        var store = h.Get<DeliveryStore>();

        await Assert.ThrowsAsync<IOException>(() => dispatcher.DispatchOnceAsync(None));
        await Assert.ThrowsAsync<IOException>(() => dispatcher.DispatchOnceAsync(None));
        channel.Answer = _ => SendOutcome.Sent();
        h.Time.Advance(TimeSpan.FromMinutes(3));
        while (await dispatcher.DispatchOnceAsync(None) > 0)
        {
        }

        var held = await store.ListAsync(h.MerchantId, new DeliveryFilter(distribution.Id, null, DeliveryStatus.Uncertain, null), null, 10, None);
        var resent = await store.ResolveUncertainAsync(h.MerchantId, held[0].Id, resend: true, h.Time.GetUtcNow(), None);
        var dropped = await store.ResolveUncertainAsync(h.MerchantId, held[1].Id, resend: false, h.Time.GetUtcNow(), None);
        var again = await store.ResolveUncertainAsync(h.MerchantId, held[1].Id, resend: true, h.Time.GetUtcNow(), None);
        var otherMerchant = await store.ResolveUncertainAsync(Guid.NewGuid(), held[0].Id, resend: true, h.Time.GetUtcNow(), None);
        await dispatcher.DispatchOnceAsync(None);

        Assert.Equal(2, held.Count);
        Assert.True(resent);
        Assert.True(dropped);
        Assert.False(again);
        Assert.Null(otherMerchant);
        Assert.Equal(3, channel.Calls.Count); // two that died unrecorded, and the one the operator sent again
        var funnel = await store.FunnelAsync(h.MerchantId, distribution.Id, None);
        Assert.Equal(1, funnel.ByStatus[DeliveryStatus.Sent]);
        Assert.Equal(1, funnel.ByStatus[DeliveryStatus.Dropped]);
        Assert.Equal(1, funnel.PossibleDuplicates);
    }

    [SkippableFact]
    public async Task Dispatch_InFlightBound_NeverMoreHandedOverUnrecordedThanTheBound()
    {
        var channel = new SlowChannel(Channel.InApp, TimeSpan.FromMilliseconds(20));
        await using var h = await ExchangeHarness.CreateAsync(
            Provider,
            new Dictionary<string, string?> { ["Fairdrop:Exchange:DispatchConcurrency"] = "8", ["Fairdrop:Exchange:InFlightBounds:in_app"] = "3" },
            s =>
            {
                s.RemoveAll<IChannel>();
                s.AddSingleton<IChannel>(channel);
            });
        var distribution = await MatchedDistributionAsync(h, 24, "bounded");

        await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);

        Assert.InRange(channel.MostInFlight, 1, 3);
        Assert.Equal(24, (await h.Get<DeliveryStore>().FunnelAsync(h.MerchantId, distribution.Id, None)).ByStatus[DeliveryStatus.Sent]);
    }
}
