using Fairdrop.Gate.Engine;

namespace Fairdrop.Gate.Decisions;

/// <summary>What <c>rules test --replay</c> reports, counted request by request: actions before and after, each rule's share, each change.</summary>
internal sealed class ReplayCounts(RuleSet set)
{
    private readonly Dictionary<string, int> _before = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _after = new(StringComparer.Ordinal);
    private readonly int[] _matched = new int[set.Rules.Count];
    private readonly int[] _decided = new int[set.Rules.Count];
    private readonly int[] _changedBy = new int[set.Rules.Count];
    private readonly List<ReplayChange> _changes = [];
    private int _requests;

    public void Add(DecisionRecord record, GateRequest request, in GateDecision decision)
    {
        _requests++;
        var now = decision.Action.ToString().ToLowerInvariant();
        Increment(_before, record.Decision);
        Increment(_after, now);
        foreach (var rule in set.Rules)
        {
            _matched[rule.Index] += decision.Matched.Contains(rule.Index) || decision.ShadowMatched.Contains(rule.Index) ? 1 : 0;
        }

        if (decision.Rule is { } winner)
        {
            _decided[winner.Index]++;
        }

        if (!string.Equals(now, record.Decision, StringComparison.Ordinal))
        {
            _changes.Add(new ReplayChange(record, record.Decision, record.Rule, now, decision.Rule?.Name));
            if (decision.Rule is { } cause)
            {
                _changedBy[cause.Index]++;
            }
        }
    }

    public ReplayReport ToReport()
    {
        var actions = Enum.GetValues<GateAction>().Select(a => a.ToString().ToLowerInvariant())
            .Concat(_before.Keys).Distinct()
            .Select(a => new ReplayActionCount(a, _before.GetValueOrDefault(a), _after.GetValueOrDefault(a)))
            .Where(a => a.Before + a.After > 0)
            .ToList();
        var perRule = set.Rules.Select(r => new ReplayRuleCount(r.Name, r.Shadow, _matched[r.Index], _decided[r.Index], _changedBy[r.Index])).ToList();
        return new ReplayReport(_requests, set.Version, actions, _changes, perRule);
    }

    private static void Increment(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
