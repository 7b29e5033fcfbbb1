using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Language;
using Fairdrop.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Gate.Tests.Activity;

/// <summary>The activity store contract against a real Redis (<c>FAIRDROP_TEST_REDIS</c>), each test under its own key prefix.</summary>
public sealed class RedisActivityStoreContractTests : ActivityStoreContract, IAsyncDisposable
{
    private readonly List<RedisActivityStore> _stores = [];

    static RedisActivityStoreContractTests()
    {
        // On a 2-core machine running test classes in parallel the thread pool starts with 2 workers and grows
        // slowly; Redis replies then wait for a thread and time out (StackExchange.Redis documents this as the
        // usual cause of its timeouts). A larger minimum is what that guidance recommends.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
    }

    protected override IActivityStore CreateStore(ActivityOptions options)
    {
        options.Store = "redis";
        options.Redis = TestServers.Redis();
        options.RedisKeyPrefix = $"fairdrop-test:{Guid.NewGuid():N}:";
        var store = new RedisActivityStore(Microsoft.Extensions.Options.Options.Create(options));
        _stores.Add(store);
        return store;
    }

    [SkippableFact]
    public async Task Decide_TwoGateNodesSharingOneRedis_SeeEachOthersActivity()
    {
        var redis = TestServers.Redis();
        var prefix = $"fairdrop-test:{Guid.NewGuid():N}:";
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(T0));
        var (first, firstStore) = Node(redis, prefix, time);
        var (second, secondStore) = Node(redis, prefix, time);
        _stores.Add(firstStore);
        _stores.Add(secondStore);

        var onFirst = await first.DecideAsync(Gate.Request("add_to_cart", "alice"), CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(400));
        var onSecond = await second.DecideAsync(Gate.Request("add_to_cart", "alice"), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(2));
        var human = await first.DecideAsync(Gate.Request("add_to_cart", "alice"), CancellationToken.None);

        Assert.Equal(GateAction.Allow, onFirst.Action);
        Assert.Equal(GateAction.Block, onSecond.Action);
        Assert.Equal("cart_burst", onSecond.Rule!.Name);
        Assert.Equal(GateAction.Allow, human.Action);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    private static (GateEngine Engine, RedisActivityStore Store) Node(string redis, string prefix, TimeProvider time)
    {
        var store = new RedisActivityStore(Microsoft.Extensions.Options.Options.Create(new ActivityOptions { Store = "redis", Redis = redis, RedisKeyPrefix = prefix }));
        var metrics = new GateMetrics(new TestMeterFactory());
        var holder = new RuleSetHolder(CompileContext.Default, metrics, NullLogger<RuleSetHolder>.Instance);
        Assert.True(holder.TryReplace(Samples.IssueRules, "test").Success);
        return (new GateEngine(holder, store, time, metrics), store);
    }
}
