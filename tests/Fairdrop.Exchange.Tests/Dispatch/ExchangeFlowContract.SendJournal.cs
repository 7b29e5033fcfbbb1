using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Tests.Support;

namespace Fairdrop.Exchange.Tests.Dispatch;

/// <summary>The send journal of SQLite nodes (docs/adr/0017): what a dead process's pages say is acted on before any claim.</summary>
public abstract partial class ExchangeFlowContract
{
    [SkippableFact]
    public async Task Dispatch_JournalOfADeadProcess_RecordsItsSendsAndMakesItsUnknownsUncertain()
    {
        var channel = new RecordingChannel(Channel.InApp);
        await using var h = await CreateWithChannelAsync(channel, concurrency: 1);
        Skip.IfNot(h.Get<SendJournal>().Enabled, "The journal is SQLite's; PostgreSQL keeps the ledger in its table.");
        var distribution = await MatchedDistributionAsync(h, 4, "journal-recovery");
        // The dead process claimed all four, handed three to the channel, heard back from one, withdrew the fourth,
        // and died with half a line written.
        var claimed = await h.Get<DeliveryStore>().ClaimAsync(h.Time.GetUtcNow(), TimeSpan.FromMinutes(2), 10, None);
        var folder = Path.Combine(((SqliteConnectionFactory)h.Get<DbConnectionFactory>()).Path + ".sendlog", "dead-process");
        Directory.CreateDirectory(folder);
        var pagePath = Path.Combine(folder, "1.log");
        using (var page = new JournalSegment(pagePath))
        {
            foreach (var delivery in claimed)
            {
                page.Start(delivery);
            }

            page.Record(DeliveryOutcome.Sent(claimed[0], "provider-id/1"), null);
            page.Withdraw(claimed[3]);
        }

        await File.AppendAllTextAsync(pagePath, $"O\t{claimed[1].Id}\tcut-he");

        await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None); // reads the page; nothing is due before the lease ends
        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);

        var deliveries = (await h.Get<DeliveryStore>().ListAsync(h.MerchantId, new DeliveryFilter(distribution.Id, null, null, null), null, 10, None)).ToDictionary(d => d.Id);
        Assert.False(Directory.Exists(folder));
        Assert.Equal((DeliveryStatus.Sent, "provider-id/1", 1L), (deliveries[claimed[0].Id].Status, deliveries[claimed[0].Id].ProviderId, deliveries[claimed[0].Id].Attempts));
        Assert.Equal(new[] { claimed[1].Id, claimed[2].Id, claimed[3].Id }.Order(), channel.Calls.Select(c => c.DeliveryId).Order());
        Assert.All([claimed[1], claimed[2]], d => Assert.Equal((DeliveryStatus.Sent, DeliveryOutcome.RecoveredAfterCrash, 2L), (deliveries[d.Id].Status, deliveries[d.Id].Reason, deliveries[d.Id].Attempts)));
        Assert.Equal((DeliveryStatus.Sent, (string?)null, 1L), (deliveries[claimed[3].Id].Status, deliveries[claimed[3].Id].Reason, deliveries[claimed[3].Id].Attempts));
        Assert.Equal(2, (await h.Get<DeliveryStore>().FunnelAsync(h.MerchantId, distribution.Id, None)).PossibleDuplicates);
    }

    [SkippableFact]
    public async Task Dispatch_JournalOfALiveProcess_IsLeftAlone()
    {
        await using var h = await CreateWithChannelAsync(new RecordingChannel(Channel.InApp), concurrency: 1);
        Skip.IfNot(h.Get<SendJournal>().Enabled, "The journal is SQLite's; PostgreSQL keeps the ledger in its table.");
        var folder = Path.Combine(((SqliteConnectionFactory)h.Get<DbConnectionFactory>()).Path + ".sendlog", "live-process");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "1.log"), $"S\t{Guid.NewGuid()}\t{Guid.NewGuid()}\t{Guid.NewGuid()}\t{Guid.NewGuid()}\tin_app\t-\t0\t0\t0\n");
        using (new FileStream(Path.Combine(folder, "owner.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);
        }

        Assert.True(File.Exists(Path.Combine(folder, "1.log")));
    }

    [SkippableFact]
    public async Task Dispatch_LeaseRunsOutWhileItsChannelStillHasIt_TheNextClaimTakesItForUncertain()
    {
        using var inChannel = new ManualResetEventSlim();
        using var answer = new ManualResetEventSlim();
        var calls = 0;
        var channel = new RecordingChannel(Channel.InApp)
        {
            Answer = _ =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    inChannel.Set();
                    answer.Wait(TimeSpan.FromSeconds(30)); // a send slower than its claim's lease
                }

                return SendOutcome.Sent();
            },
        };
        await using var h = await CreateWithChannelAsync(channel, concurrency: 1);
        var distribution = await MatchedDistributionAsync(h, 1, "slow-send");
        var dispatcher = h.Get<DeliveryDispatcher>();

        var slow = Task.Run(() => dispatcher.DispatchOnceAsync(None));
        Assert.True(inChannel.Wait(TimeSpan.FromSeconds(30)));
        h.Time.Advance(TimeSpan.FromMinutes(3));
        await dispatcher.DispatchOnceAsync(None);
        answer.Set();
        await slow;

        var delivery = (await h.Get<DeliveryStore>().ListAsync(h.MerchantId, new DeliveryFilter(distribution.Id, null, null, null), null, 10, None)).Single();
        Assert.Equal(2, channel.Calls.Count);
        Assert.Equal((DeliveryStatus.Sent, DeliveryOutcome.RecoveredAfterCrash), (delivery.Status, delivery.Reason));
        Assert.Equal(1, (await h.Get<DeliveryStore>().FunnelAsync(h.MerchantId, distribution.Id, None)).PossibleDuplicates);
    }
}
