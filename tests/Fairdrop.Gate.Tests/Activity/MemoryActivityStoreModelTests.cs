using CsCheck;
using Fairdrop.Gate.Activity;

namespace Fairdrop.Gate.Tests.Activity;

/// <summary>The memory store against a plain model (every event and peer in lists) on random traffic, within its caps.</summary>
public sealed class MemoryActivityStoreModelTests
{
    private static readonly string[] Actions = ["a", "b", "c"];
    private static readonly TimeSpan Horizon = TimeSpan.FromMinutes(10);

    [Fact]
    public void Observe_RandomTraffic_AnswersAsAModelKeepingEverything()
    {
        var queries = AllQueries();
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var store = new MemoryActivityStore(Microsoft.Extensions.Options.Options.Create(new ActivityOptions { Horizon = Horizon, MaxEventsPerIdentity = 4096, MaxEventMemoryMegabytes = 8 }));
            var events = new Dictionary<ulong, List<(long Time, int Action)>>();
            var peers = new Dictionary<ulong, Dictionary<ulong, long>>();
            var now = 1_764_320_400_000L;
            var results = new long[queries.Length];
            for (var i = 0; i < 400; i++)
            {
                // Mostly bursts a few milliseconds apart (rings fill and spill), sometimes gaps beyond windows and the horizon.
                now += random.Next(10) switch { 0 => random.Next(900_000), < 3 => random.Next(60_000), _ => random.Next(4) };
                var who = new Identities(Pick(random, IdentityKind.Customer), Pick(random, IdentityKind.Session), Pick(random, IdentityKind.Ip), Pick(random, IdentityKind.Device));
                var action = StableHash.Action(Actions[random.Next(Actions.Length)]);
                Assert.True(store.ObserveAsync(who, action, now, queries, results, CancellationToken.None).AsTask().IsCompletedSuccessfully);
                for (var q = 0; q < queries.Length; q++)
                {
                    var expected = Answer(queries[q], who, now, events, peers);
                    Assert.True(expected == results[q], $"seed {seed}, request {i}, {queries[q]}: model {expected}, store {results[q]}");
                }

                Record(who, action, now, events, peers);
            }
        }, iter: 100);
    }

    private static ActivityQuery[] AllQueries()
    {
        var queries = new List<ActivityQuery>();
        foreach (var kind in Enum.GetValues<IdentityKind>())
        {
            foreach (var action in Actions)
            {
                queries.Add(new ActivityQuery(ActivityFunction.SinceLast, kind, action, Horizon));
                queries.Add(new ActivityQuery(ActivityFunction.Count, kind, action, TimeSpan.FromSeconds(1)));
                queries.Add(new ActivityQuery(ActivityFunction.Count, kind, action, TimeSpan.FromMinutes(1)));
                queries.Add(new ActivityQuery(ActivityFunction.Count, kind, action, Horizon));
            }

            foreach (var other in Enum.GetValues<IdentityKind>().Where(o => o != kind))
            {
                queries.Add(new ActivityQuery(ActivityFunction.Distinct, kind, string.Empty, TimeSpan.FromMinutes(1), other));
                queries.Add(new ActivityQuery(ActivityFunction.Distinct, kind, string.Empty, Horizon, other));
            }
        }

        return [.. queries];
    }

    private static ulong Pick(Random random, IdentityKind kind) =>
        random.Next(6) == 0 ? 0 : StableHash.Identity(kind, kind + "-" + random.Next(3));

    private static long Answer(ActivityQuery query, Identities who, long now, Dictionary<ulong, List<(long Time, int Action)>> events, Dictionary<ulong, Dictionary<ulong, long>> peers)
    {
        var identity = who[query.Identity];
        var window = query.WindowMilliseconds;
        var horizon = (long)Horizon.TotalMilliseconds;
        var history = identity == 0 ? [] : events.GetValueOrDefault(identity) ?? [];
        return query.Function switch
        {
            ActivityFunction.SinceLast => history.Where(e => e.Action == query.ActionId && now - e.Time <= horizon).Select(e => now - e.Time).DefaultIfEmpty(long.MaxValue).Min(),
            ActivityFunction.Count => history.Count(e => e.Action == query.ActionId && now - e.Time < window),
            _ => identity == 0 ? 0 : (peers.GetValueOrDefault(identity) ?? []).Count(p => KindOf(p.Key) == query.Other && now - p.Value < window),
        };
    }

    private static void Record(Identities who, int action, long now, Dictionary<ulong, List<(long Time, int Action)>> events, Dictionary<ulong, Dictionary<ulong, long>> peers)
    {
        foreach (var kind in Enum.GetValues<IdentityKind>())
        {
            var identity = who[kind];
            if (identity == 0)
            {
                continue;
            }

            (events.TryGetValue(identity, out var list) ? list : events[identity] = []).Add((now, action));
            var seen = peers.TryGetValue(identity, out var map) ? map : peers[identity] = [];
            foreach (var other in Enum.GetValues<IdentityKind>().Where(o => o != kind && who[o] != 0))
            {
                seen[Tagged(other, who[other])] = now;
            }
        }
    }

    /// <summary>Peers keyed by kind and identity, so the model counts a kind's peers without the store's 32-bit folding.</summary>
    private static ulong Tagged(IdentityKind kind, ulong identity) => (identity & ~3UL) | (ulong)kind;

    private static IdentityKind KindOf(ulong tagged) => (IdentityKind)(tagged & 3);
}
