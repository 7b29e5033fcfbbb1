using CsCheck;
using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Engine;

namespace Fairdrop.Gate.Tests.Activity;

/// <summary>Recording only what the rule set can ask (ADR 0008) answers what it asks exactly as recording everything does.</summary>
public sealed class ActivityInterestTests
{
    private static readonly string[] Actions = ["a", "b", "c", "d", "unasked"];
    private static readonly TimeSpan[] Windows = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10)];

    [Fact]
    public void Interest_QueriesOfEachFunction_RecordOnlyTheirKindsActionsAndPeers()
    {
        var interest = new ActivityInterest(
        [
            new ActivityQuery(ActivityFunction.Count, IdentityKind.Ip, "checkout", TimeSpan.FromMinutes(1)),
            new ActivityQuery(ActivityFunction.SinceLast, IdentityKind.Customer, "checkout", TimeSpan.FromHours(1)),
            new ActivityQuery(ActivityFunction.Distinct, IdentityKind.Customer, string.Empty, TimeSpan.FromMinutes(10), IdentityKind.Ip),
        ]);

        Assert.Equal((1 << (int)IdentityKind.Ip) | (1 << (int)IdentityKind.Customer), interest.KindsRecording(StableHash.Action("checkout")));
        Assert.Equal(0, interest.KindsRecording(StableHash.Action("add_to_cart")));
        Assert.Equal(1 << (int)IdentityKind.Ip, interest.PeerKinds(IdentityKind.Customer));
        Assert.Equal(0, interest.PeerKinds(IdentityKind.Ip));
        Assert.Equal(1 << (int)IdentityKind.Customer, interest.KindsWithPeers);
    }

    [Fact]
    public void Observe_RandomQueriesAndTraffic_FilteredStoreAnswersAsTheFullStore()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var queries = RandomQueries(random);
            var interest = new ActivityInterest(queries);
            var options = new ActivityOptions { Horizon = TimeSpan.FromMinutes(10), MaxEventsPerIdentity = 4096, MaxEventMemoryMegabytes = 8 };
            var full = new MemoryActivityStore(Microsoft.Extensions.Options.Options.Create(options));
            var filtered = new MemoryActivityStore(Microsoft.Extensions.Options.Options.Create(options));
            var now = 1_764_320_400_000L;
            var wanted = new bool[queries.Length];
            for (var i = 0; i < 300; i++)
            {
                now += random.Next(4) == 0 ? random.Next(700_000) : random.Next(3_000);
                var who = RandomIdentities(random);
                var action = StableHash.Action(Actions[random.Next(Actions.Length)]);
                for (var q = 0; q < wanted.Length; q++)
                {
                    wanted[q] = random.Next(3) != 0;
                }

                var expected = new long[queries.Length];
                var actual = new long[queries.Length];
                Observe(full, who, action, now, queries, wanted, expected, ActivityInterest.Everything);
                Observe(filtered, who, action, now, queries, wanted, actual, interest);
                for (var q = 0; q < wanted.Length; q++)
                {
                    Assert.True(!wanted[q] || expected[q] == actual[q], $"seed {seed}, request {i}, {queries[q]}: full {expected[q]}, filtered {actual[q]}");
                }
            }
        }, iter: 200);
    }

    [Fact]
    public void Decide_ReloadAddsQueryForANewPair_PairStartsEmptyThenCountsExactly()
    {
        var gate = new Gate("rule checkouts when count(\"checkout\", customer, 1h) > 100 then log");
        for (var i = 0; i < 5; i++)
        {
            gate.Decide("add_to_cart", "alice");
            gate.Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(gate.Holder.TryReplace("rule carts when count(\"add_to_cart\", customer, 1h) >= 2 then block", "test").Success);
        var seen = new List<long>();
        var actions = new List<GateAction>();
        for (var i = 0; i < 4; i++)
        {
            var request = Gate.Request("add_to_cart", "alice");
            actions.Add(gate.Decide(request).Action);
            seen.Add(request.Activity[0]);
            gate.Time.Advance(TimeSpan.FromSeconds(1));
        }

        // The five add-to-carts before the reload were asked by no rule, so not recorded: the count starts at the swap.
        Assert.Equal([0L, 1, 2, 3], seen);
        Assert.Equal([GateAction.Allow, GateAction.Allow, GateAction.Block, GateAction.Block], actions);
    }

    [Fact]
    public void Decide_KindNobodyAsksAbout_HoldsNoIdentity()
    {
        var gate = new Gate("rule carts when count(\"add_to_cart\", customer, 1h) > 5 then block");

        gate.Decide(Gate.Request("add_to_cart", "alice", "198.51.100.1", session: "s1"));
        gate.Decide(Gate.Request("view_product", "bob", "198.51.100.2", session: "s2"));

        Assert.Equal(1, gate.Store.IdentityCount); // alice; bob's view is asked by no rule, the sessions and ips by none
    }

    [Fact]
    public void Observe_SeenOnlyWithPeersForSixtyDays_OldEventNeverComesBackIntoTheWindow()
    {
        // The customer records checkouts and ip peers: views refresh it through its peers alone, never appending,
        // yet its one checkout must be forgotten before its 32-bit time wraps (49.7 days).
        var store = new MemoryActivityStore(Microsoft.Extensions.Options.Options.Create(new ActivityOptions { Horizon = TimeSpan.FromDays(1) }));
        ActivityQuery[] queries =
        [
            new(ActivityFunction.Count, IdentityKind.Customer, "checkout", TimeSpan.FromDays(1)),
            new(ActivityFunction.SinceLast, IdentityKind.Customer, "checkout", TimeSpan.FromDays(1)),
            new(ActivityFunction.Distinct, IdentityKind.Customer, string.Empty, TimeSpan.FromDays(1), IdentityKind.Ip),
        ];
        var interest = new ActivityInterest(queries);
        var who = new Identities(StableHash.Identity(IdentityKind.Customer, "alice"), 0, StableHash.Identity(System.Net.IPAddress.Parse("198.51.100.7")), 0);
        var wanted = new[] { true, true, true };
        var results = new long[3];
        var now = 1_700_000_000_000L;
        Observe(store, who, StableHash.Action("checkout"), now, queries, wanted, results, interest);
        var every = (long)TimeSpan.FromHours(23).TotalMilliseconds;
        var answers = new List<(long Count, long Since, long Ips)>();
        for (var i = 1; i <= 63; i++)
        {
            Observe(store, who, StableHash.Action("view_product"), now + (i * every), queries, wanted, results, interest);
            answers.Add((results[0], results[1], results[2]));
        }

        Assert.Equal((1L, every, 1L), answers[0]);
        Assert.All(answers.Skip(1), a => Assert.Equal((0L, long.MaxValue, 1L), a));
    }

    private static void Observe(MemoryActivityStore store, Identities who, int action, long now, ActivityQuery[] queries, bool[] wanted, long[] results, ActivityInterest interest) =>
        Assert.True(store.ObserveAsync(who, action, now, queries, wanted, results, interest, CancellationToken.None).AsTask().IsCompletedSuccessfully);

    private static ActivityQuery[] RandomQueries(Random random)
    {
        var queries = new ActivityQuery[random.Next(1, 8)];
        for (var i = 0; i < queries.Length; i++)
        {
            var function = (ActivityFunction)random.Next(3);
            var identity = (IdentityKind)random.Next(4);
            var window = Windows[random.Next(Windows.Length)];
            queries[i] = function == ActivityFunction.Distinct
                ? new ActivityQuery(function, identity, string.Empty, window, (IdentityKind)random.Next(4))
                : new ActivityQuery(function, identity, Actions[random.Next(Actions.Length - 1)], window);
        }

        return queries;
    }

    /// <summary>A few shoppers sharing ips, sessions and devices, each sometimes absent.</summary>
    private static Identities RandomIdentities(Random random)
    {
        ulong Pick(IdentityKind kind) => random.Next(5) == 0 ? 0 : StableHash.Identity(kind, kind + "-" + random.Next(4));
        return new Identities(Pick(IdentityKind.Customer), Pick(IdentityKind.Session), Pick(IdentityKind.Ip), Pick(IdentityKind.Device));
    }
}
