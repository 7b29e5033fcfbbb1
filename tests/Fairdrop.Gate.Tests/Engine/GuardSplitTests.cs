using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Language;
using Fairdrop.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Gate.Tests.Engine;

/// <summary>Rules run their cheap conjuncts first and ask the store only for what the survivors read.</summary>
public sealed class GuardSplitTests
{
    [Fact]
    public void Compile_ConditionMixingFieldsAndActivity_SplitsGuardAndRest()
    {
        var set = RuleCompiler.Compile("""rule r when count("add_to_cart", customer, 1m) > 2 and action == "checkout" and not (method == "GET") then block""").RuleSet!;

        var rule = Assert.Single(set.Rules);
        Assert.NotNull(rule.Guard);
        Assert.NotNull(rule.Rest);
        Assert.Equal([0], rule.Slots);
    }

    [Fact]
    public void Compile_OrOfFieldAndActivity_IsOneRestConjunct()
    {
        var set = RuleCompiler.Compile("""rule r when action == "checkout" or count("checkout", ip, 1m) > 5 then block""").RuleSet!;

        var rule = Assert.Single(set.Rules);
        Assert.Null(rule.Guard);
        Assert.Equal([0], rule.Slots);
    }

    [Fact]
    public void Decide_ActivityConjunctWrittenFirst_DecidesAsTheWholeCondition()
    {
        var gate = new Gate("""rule r when count("add_to_cart", customer, 1m) >= 2 and action == "checkout" then block""");

        gate.Decide("add_to_cart", "alice");
        var early = gate.Decide("checkout", "alice");
        gate.Decide("add_to_cart", "alice");
        var cartNotCheckout = gate.Decide("add_to_cart", "alice");
        var late = gate.Decide("checkout", "alice");

        Assert.Equal(GateAction.Allow, early.Action);
        Assert.Equal(GateAction.Allow, cartNotCheckout.Action);
        Assert.Equal(GateAction.Block, late.Action);
    }

    [Fact]
    public async Task Decide_GuardFails_StoreIsNotAskedForTheRuleSlotsButStillRecords()
    {
        var store = new RecordingStore();
        var metrics = new GateMetrics(new TestMeterFactory());
        var holder = new RuleSetHolder(CompileContext.Default, metrics, NullLogger<RuleSetHolder>.Instance);
        Assert.True(holder.TryReplace("""
            rule carts when action == "add_to_cart" and count("add_to_cart", customer, 1m) > 3 then block
            rule checkouts when action == "checkout" and count("checkout", ip, 1m) > 5 then block
            """, "test").Success);
        var engine = new GateEngine(holder, store, new FakeTimeProvider(), metrics);

        await engine.DecideAsync(Gate.Request("checkout", "alice"), CancellationToken.None);

        Assert.Equal(1, store.Calls);
        Assert.Equal([false, true], store.LastWanted);
    }

    [Fact]
    public void Matches_SameUserAgentAgain_AnswersAsTheRegex()
    {
        var gate = new Gate("""rule bots when user_agent matches "(?i)python" then block""");
        var bot = Gate.Request("view_product", "alice");
        bot.UserAgent = "python-requests/2.31";
        var browser = Gate.Request("view_product", "bob");
        browser.UserAgent = "Mozilla/5.0";

        var decisions = Enumerable.Range(0, 4).Select(i => gate.Decide(i % 2 == 0 ? bot : browser).Action).ToList();

        Assert.Equal([GateAction.Block, GateAction.Allow, GateAction.Block, GateAction.Allow], decisions);
    }

    private sealed class RecordingStore : IActivityStore
    {
        public int Calls { get; private set; }

        public bool[] LastWanted { get; private set; } = [];

        public ValueTask ObserveAsync(Identities identities, int actionId, long nowMilliseconds, IReadOnlyList<ActivityQuery> queries, long[] results, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The engine says which slots it wants.");

        public ValueTask ObserveAsync(Identities identities, int actionId, long nowMilliseconds, IReadOnlyList<ActivityQuery> queries, bool[] wanted, long[] results, CancellationToken cancellationToken)
        {
            Calls++;
            LastWanted = [.. wanted];
            return ValueTask.CompletedTask;
        }
    }
}
