using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Engine;

namespace Fairdrop.Gate.Tests.Activity;

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
        var gate = new Gate("rule a when true then log", new ActivityOptions { Horizon = TimeSpan.FromMinutes(1) });
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

        var used = GC.GetTotalMemory(forceFullCollection: true) - before;

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

    private static void Observe(MemoryActivityStore store, Identities identities, int action, long now, IReadOnlyList<ActivityQuery> queries, long[] results) =>
        Assert.True(store.ObserveAsync(identities, action, now, queries, results, CancellationToken.None).AsTask().IsCompletedSuccessfully);
}
