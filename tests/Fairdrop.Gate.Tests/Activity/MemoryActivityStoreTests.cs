using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Engine;

namespace Fairdrop.Gate.Tests.Activity;

[Collection(nameof(MemoryMeasurement))]
public sealed class MemoryActivityStoreTests
{
    [Fact]
    public void Observe_BeyondHorizon_ForgetsActivity()
    {
        var gate = new Gate("rule seen when since_last(\"checkout\", customer) < 1d then log", new ActivityOptions { Horizon = TimeSpan.FromMinutes(10) });

        gate.Decide("checkout", "alice");
        gate.Time.Advance(TimeSpan.FromMinutes(9));
        var within = gate.Decide("view_product", "alice");
        gate.Time.Advance(TimeSpan.FromMinutes(11));
        var beyond = gate.Decide("view_product", "alice");

        Assert.Equal(GateAction.Log, within.Action);
        Assert.Equal(GateAction.Allow, beyond.Action);
    }

    [Fact]
    public void Sweep_IdleIdentities_AreEvicted()
    {
        // The store holds only identities some query asks about (ADR 0008): here customers and ips.
        var gate = new Gate("rule a when count(\"checkout\", customer, 1m) > 9 or count(\"checkout\", ip, 1m) > 9 then log", new ActivityOptions { Horizon = TimeSpan.FromMinutes(1) });
        gate.Decide("checkout", "alice");
        gate.Decide("checkout", "bob");
        gate.Time.Advance(TimeSpan.FromMinutes(2));
        gate.Decide("checkout", "carol", "198.51.100.1");

        var removed = gate.Store.Sweep(gate.Time.GetUtcNow().ToUnixTimeMilliseconds());

        Assert.Equal(3, removed); // alice, bob and their shared ip
        Assert.Equal(2, gate.Store.IdentityCount);
    }

    [Fact]
    public void Observe_MoreIdentitiesThanTheBound_StaysWithinBound()
    {
        var options = new ActivityOptions { MaxIdentities = 64_000, MaxEventMemoryMegabytes = 8 };
        var store = new MemoryActivityStore(Microsoft.Extensions.Options.Options.Create(options));
        var results = Array.Empty<long>();
        var now = 1_700_000_000_000L;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < 300_000; i++)
        {
            var customer = StableHash.Identity(IdentityKind.Customer, "customer-" + i);
            Observe(store, new Identities(customer, 0, 0, 0), 1, now + i, [], results);
        }

        // The tables and the slab region are native memory, reserved whole up front: counted whole.
        var used = GC.GetTotalMemory(forceFullCollection: true) - before + store.TableBytes + store.SlabBytes;

        Assert.InRange(store.IdentityCount, 1, 64_000);
        Assert.True(used < store.MemoryBoundBytes, $"used {used:N0} bytes, bound {store.MemoryBoundBytes:N0}");
        GC.KeepAlive(store);
    }

    [Fact]
    public void Observe_EventMemoryBudgetSpent_RingsStopGrowing()
    {
        var options = new ActivityOptions { MaxIdentities = 1_000, MaxEventsPerIdentity = 4096, MaxEventMemoryMegabytes = 1 };
        var store = new MemoryActivityStore(Microsoft.Extensions.Options.Options.Create(options));
        var now = 1_700_000_000_000L;
        for (var c = 0; c < 50; c++)
        {
            var customer = StableHash.Identity(IdentityKind.Customer, "c" + c);
            for (var i = 0; i < 4096; i++)
            {
                Observe(store, new Identities(customer, 0, 0, 0), 1, now + i, [], []);
            }
        }

        Assert.InRange(store.GrownBytes, (1024 * 1024) - (32 * 1024), 1024 * 1024);
    }

    [Fact]
    public async Task Observe_ConcurrentRequestsOfOneShopper_CountEveryOne()
    {
        var gate = new Gate("rule a when count(\"add_to_cart\", customer, 1h) >= 0 then log", new ActivityOptions { MaxEventsPerIdentity = 4096 });
        const int perWorker = 500;
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var request = Gate.Request("add_to_cart", "alice");
            for (var i = 0; i < perWorker; i++)
            {
                await gate.Engine.DecideAsync(request, CancellationToken.None);
            }
        }));
        await Task.WhenAll(workers);

        var probe = Gate.Request("view_product", "alice");
        await gate.Engine.DecideAsync(probe, CancellationToken.None);

        Assert.Equal(4 * perWorker, probe.Activity[0]);
    }

    [Fact]
    public async Task Observe_ConcurrentRequestsSpanningShards_NoDeadlockAndEveryOneCounted()
    {
        // Workers whose requests cross the same shards (one IP shared by all, customers, sessions
        // and devices shared by some) must neither deadlock nor lose an event of the shared IP.
        var store = new MemoryActivityStore(Microsoft.Extensions.Options.Options.Create(new ActivityOptions { MaxEventsPerIdentity = 4096 }));
        var count = new ActivityQuery(ActivityFunction.Count, IdentityKind.Ip, "add_to_cart", TimeSpan.FromHours(1));
        var ip = StableHash.Identity(System.Net.IPAddress.Parse("198.51.100.7"));
        const int perWorker = 500;
        var now = 1_700_000_000_000L;
        var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            var results = new long[1];
            for (var i = 0; i < perWorker; i++)
            {
                var shopper = (worker * perWorker) + i;
                var identities = new Identities(
                    StableHash.Identity(IdentityKind.Customer, "c" + (shopper % 37)),
                    StableHash.Identity(IdentityKind.Session, "s" + (shopper % 53)),
                    ip,
                    StableHash.Identity(IdentityKind.Device, "d" + (shopper % 29)));
                Observe(store, identities, count.ActionId, now + i, [count], results);
            }
        }));
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(30));

        var probe = new long[1];
        Observe(store, new Identities(0, 0, ip, 0), StableHash.Action("view_product"), now + perWorker, [count], probe);

        Assert.Equal(4 * perWorker, probe[0]);
    }

    [Fact]
    public void Count_MoreEventsThanKeptPerIdentity_CountsTheNewestKept()
    {
        var store = new MemoryActivityStore(Microsoft.Extensions.Options.Options.Create(new ActivityOptions { MaxEventsPerIdentity = 8 }));
        var customer = new Identities(StableHash.Identity(IdentityKind.Customer, "alice"), 0, 0, 0);
        var count = new ActivityQuery(ActivityFunction.Count, IdentityKind.Customer, "add_to_cart", TimeSpan.FromHours(1));
        var results = new long[1];
        var now = 1_700_000_000_000L;
        for (var i = 0; i < 20; i++)
        {
            Observe(store, customer, count.ActionId, now + i, [count], results);
        }

        Observe(store, customer, count.ActionId, now + 20, [count], results);

        Assert.Equal(8, results[0]);
    }

    [Fact]
    public void Observe_ActiveForSixtyDays_OldEventsNeverComeBackIntoTheWindow()
    {
        // 32-bit times wrap after 49.7 days: an identity that never goes idle for a whole horizon must still forget its first checkout.
        var store = new MemoryActivityStore(Microsoft.Extensions.Options.Options.Create(new ActivityOptions { Horizon = TimeSpan.FromDays(1) }));
        var customer = new Identities(StableHash.Identity(IdentityKind.Customer, "alice"), 0, 0, 0);
        var count = new ActivityQuery(ActivityFunction.Count, IdentityKind.Customer, "checkout", TimeSpan.FromDays(1));
        var since = new ActivityQuery(ActivityFunction.SinceLast, IdentityKind.Customer, "checkout", TimeSpan.FromDays(1));
        var view = StableHash.Action("view_product");
        var results = new long[2];
        var now = 1_700_000_000_000L;
        Observe(store, customer, count.ActionId, now, [count, since], results);
        var every = (long)TimeSpan.FromHours(23).TotalMilliseconds;
        var counts = new List<long>();
        var sinces = new List<long>();
        for (var i = 1; i <= 63; i++)
        {
            Observe(store, customer, view, now + (i * every), [count, since], results);
            counts.Add(results[0]);
            sinces.Add(results[1]);
        }

        Assert.Equal([1L, every], [counts[0], sinces[0]]); // 23 h after the checkout: inside the day
        Assert.All(counts.Skip(1), c => Assert.Equal(0, c));
        Assert.All(sinces.Skip(1), s => Assert.Equal(long.MaxValue, s));
    }

    [Fact]
    public void Distinct_MorePeersThanFitInTheSlot_CountsEveryOne()
    {
        var store = new MemoryActivityStore(Microsoft.Extensions.Options.Options.Create(new ActivityOptions()));
        var customersPerIp = new ActivityQuery(ActivityFunction.Distinct, IdentityKind.Ip, string.Empty, TimeSpan.FromMinutes(10), IdentityKind.Customer);
        var ip = StableHash.Identity(System.Net.IPAddress.Parse("198.51.100.7"));
        var results = new long[1];
        var now = 1_700_000_000_000L;
        for (var i = 0; i < 12; i++)
        {
            Observe(store, new Identities(StableHash.Identity(IdentityKind.Customer, "c" + i), 0, ip, 0), 1, now + i, [customersPerIp], results);
        }

        Observe(store, new Identities(StableHash.Identity(IdentityKind.Customer, "c0"), 0, ip, 0), 1, now + 12, [customersPerIp], results);

        Assert.Equal(12, results[0]);
    }

    [Fact]
    public async Task CommitTablesAtStart_WhileRequestsRecord_TablesResidentAndEveryIdentityKept()
    {
        // The default million identities: 128 MiB of tables, of which 20 shoppers touch at most 20 pages (2 MiB each
        // with huge pages), so only the commit can make nine tenths of them resident.
        const int Shoppers = 20;
        var options = new ActivityOptions { MaxEventMemoryMegabytes = 8 };
        var store = new MemoryActivityStore(Microsoft.Extensions.Options.Options.Create(new ActivityOptions { MaxEventMemoryMegabytes = 8, CommitTablesAtStart = true }));
        var control = new MemoryActivityStore(Microsoft.Extensions.Options.Options.Create(options));
        var count = new ActivityQuery(ActivityFunction.Count, IdentityKind.Customer, "add_to_cart", TimeSpan.FromHours(1));
        var (results, expected) = (new long[1], new long[1]);
        var now = 1_700_000_000_000L;

        // Requests record while the background commit runs over the same pages: none of their writes may be lost.
        for (var i = 0; i < Shoppers; i++)
        {
            Observe(store, new Identities(StableHash.Identity(IdentityKind.Customer, "c" + i), 0, 0, 0), count.ActionId, now + i, [count], results);
            Observe(control, new Identities(StableHash.Identity(IdentityKind.Customer, "c" + i), 0, 0, 0), count.ActionId, now + i, [count], expected);
        }

        await store.TablesCommitted.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Shoppers, store.IdentityCount);
        for (var i = 0; i < Shoppers; i++)
        {
            Observe(store, new Identities(StableHash.Identity(IdentityKind.Customer, "c" + i), 0, 0, 0), count.ActionId, now + 30_000, [count], results);
            Observe(control, new Identities(StableHash.Identity(IdentityKind.Customer, "c" + i), 0, 0, 0), count.ActionId, now + 30_000, [count], expected);
            Assert.Equal(expected[0], results[0]);
            Assert.True(results[0] > 0);
        }

        if (OperatingSystem.IsLinux())
        {
            // Asked of the kernel for the tables' own pages (mincore), not the process's RSS, which other stores'
            // finalizers can lower meanwhile.
            var resident = Residency.ResidentShare(store.TablesAddress, store.TableBytes);
            Assert.True(resident >= 0.9, $"{resident:P0} of the tables resident");
        }

        GC.KeepAlive(store);
        GC.KeepAlive(control);
    }

    [Fact]
    public void CommitTablesAtStart_Off_NothingToWaitFor() =>
        Assert.True(new MemoryActivityStore(Microsoft.Extensions.Options.Options.Create(new ActivityOptions { MaxIdentities = 1_000 })).TablesCommitted.IsCompletedSuccessfully);

    private static void Observe(MemoryActivityStore store, Identities identities, int action, long now, IReadOnlyList<ActivityQuery> queries, long[] results) =>
        Assert.True(store.ObserveAsync(identities, action, now, queries, results, CancellationToken.None).AsTask().IsCompletedSuccessfully);
}
