namespace Fairdrop.Gate.Engine;

/// <summary>
/// The outcome of judging one request: the action to take, the delay for <see cref="GateAction.Delay"/>,
/// the winning rule, and every rule that matched (enforced and shadow). A value; nothing allocated.
/// </summary>
public readonly record struct GateDecision(GateAction Action, TimeSpan Delay, CompiledRule? Rule, MatchSet Matched, MatchSet ShadowMatched, RuleSet Rules)
{
    /// <summary>The names of the enforced rules that matched, in file order.</summary>
    public IEnumerable<string> MatchedRules => Names(Matched);

    /// <summary>The names of the shadow rules that matched: recorded, not enforced.</summary>
    public IEnumerable<string> ShadowRules => Names(ShadowMatched);

    /// <summary>What the shadow rules would have done, had they been enforced.</summary>
    public GateAction ShadowAction
    {
        get
        {
            var worst = GateAction.Allow;
            foreach (var rule in Rules.RuleArray)
            {
                if (ShadowMatched.Contains(rule.Index) && rule.Action > worst)
                {
                    worst = rule.Action;
                }
            }

            return worst;
        }
    }

    private IEnumerable<string> Names(MatchSet set)
    {
        foreach (var rule in Rules.RuleArray)
        {
            if (set.Contains(rule.Index))
            {
                yield return rule.Name;
            }
        }
    }
}
