using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Language;

namespace Fairdrop.Gate.Tests.Engine;

/// <summary>Rules with a top-level <c>action == "x"</c> conjunct are looked at only for that action, deciding exactly as before.</summary>
public sealed class ActionIndexTests
{
    private const string Rules = """
        rule carts when action == "add_to_cart" and count("add_to_cart", customer, 1m) > 1 then block
        rule reversed when method == "POST" and "checkout" == action then challenge
        rule either when action == "login" or action == "checkout" then log
        rule everyone when method == "POST" then log
        """;

    [Fact]
    public void RulesFor_ActionNamedByRules_HasItsRulesAndTheUnindexedInFileOrder()
    {
        var set = RuleCompiler.Compile(Rules).RuleSet!;

        var names = set.RulesFor(StableHash.Action("checkout")).Select(r => r.Name);

        Assert.Equal(["reversed", "either", "everyone"], names);
    }

    [Fact]
    public void RulesFor_ActionNoRuleNames_HasOnlyRulesRequiringNoAction()
    {
        var set = RuleCompiler.Compile(Rules).RuleSet!;

        var names = set.RulesFor(StableHash.Action("search")).Select(r => r.Name);

        Assert.Equal(["either", "everyone"], names);
    }

    [Fact]
    public void Compile_ActionEqualityInsideOr_RequiresNoAction()
    {
        var set = RuleCompiler.Compile(Rules).RuleSet!;

        Assert.Equal(["add_to_cart", "checkout", null, null], set.Rules.Select(r => r.RequiredAction));
    }

    [Fact]
    public void Decide_IndexedRules_MatchOnlyTheirAction()
    {
        var gate = new Gate(Rules);

        gate.Decide("add_to_cart", "alice");
        gate.Decide("add_to_cart", "alice");
        var thirdCart = gate.Decide("add_to_cart", "alice");
        var checkout = gate.Decide("checkout", "alice");
        var search = gate.Decide("search", "alice");

        Assert.Equal(GateAction.Block, thirdCart.Action);
        Assert.Equal(GateAction.Challenge, checkout.Action);
        Assert.Equal(["reversed", "either", "everyone"], checkout.MatchedRules);
        Assert.Equal(GateAction.Log, search.Action);
        Assert.Equal(["everyone"], search.MatchedRules);
    }
}
