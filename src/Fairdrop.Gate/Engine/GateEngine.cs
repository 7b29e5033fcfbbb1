using Fairdrop.Gate.Activity;

namespace Fairdrop.Gate.Engine;

/// <summary>
/// Judges requests: asks the activity store the rule set's questions (and records the request),
/// runs every compiled rule, and lets the most severe enforced match win. Shadow rules only record.
/// With the memory store the whole decision completes synchronously and allocates nothing.
/// </summary>
public sealed class GateEngine(RuleSetHolder rules, IActivityStore store, TimeProvider time, GateMetrics metrics)
{
    private readonly bool _storeFiltersByInterest = store.RecordsOnlyInterest;

    public RuleSet Rules => rules.Current;

    public ValueTask<GateDecision> DecideAsync(GateRequest request, CancellationToken cancellationToken)
    {
        var set = rules.Current;

        // The store starts fetching the identities now; the guards below run while they arrive. A request no rule can
        // look at and no query counts (a product view under a rule about carts) needs nothing fetched.
        var candidates = set.RulesFor(request.ActionId);
        if (candidates.Length == 0 && _storeFiltersByInterest && set.Interest.Ignores(request.ActionId))
        {
            // No rule can match and the store would neither record nor answer anything (a product view under rules
            // about carts): the common request of a small rule set costs what a rate limiter's miss costs.
            metrics.Decided(GateAction.Allow);
            return new ValueTask<GateDecision>(new GateDecision(GateAction.Allow, TimeSpan.Zero, null, default, default, set));
        }

        if (candidates.Length > 0 || set.Interest.KindsRecording(request.ActionId) != 0 || set.Interest.KindsWithPeers != 0)
        {
            store.Prefetch(request.Identities, set.Interest);
        }

        var slots = set.Queries.Count;
        if (request.Activity.Length < slots)
        {
            request.Activity = new long[slots];
        }

        if (request.Wanted.Length < slots)
        {
            request.Wanted = new bool[slots];
        }

        // Cheap conjuncts first: a rule whose guard fails reads no activity, so its slots are not asked for.
        var wanted = request.Wanted;
        Array.Clear(wanted);
        var guarded = default(MatchSet);
        foreach (var rule in candidates)
        {
            if (rule.Guard is { } guard && !guard(request))
            {
                continue;
            }

            guarded.Add(rule.Index);
            foreach (var slot in rule.SlotSpan)
            {
                wanted[slot] = true;
            }
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var observed = store.ObserveAsync(request.Identities, request.ActionId, now, set.Queries, wanted, request.Activity, set.Interest, cancellationToken);
        if (observed.IsCompletedSuccessfully)
        {
            observed.GetAwaiter().GetResult();
            return new ValueTask<GateDecision>(Evaluate(set, candidates, request, guarded));
        }

        return AwaitAsync(observed, set, candidates, request, guarded);
    }

    private async ValueTask<GateDecision> AwaitAsync(ValueTask observed, RuleSet set, CompiledRule[] candidates, GateRequest request, MatchSet guarded)
    {
        await observed;
        return Evaluate(set, candidates, request, guarded);
    }

    private GateDecision Evaluate(RuleSet set, CompiledRule[] candidates, GateRequest request, MatchSet guarded)
    {
        var matched = default(MatchSet);
        var shadow = default(MatchSet);
        CompiledRule? winner = null;
        foreach (var rule in candidates)
        {
            if (!guarded.Contains(rule.Index) || (rule.Rest is { } rest && !rest(request)))
            {
                continue;
            }

            if (rule.Shadow)
            {
                shadow.Add(rule.Index);
                continue;
            }

            matched.Add(rule.Index);
            if (winner is null || Beats(rule, winner))
            {
                winner = rule;
            }
        }

        var decision = new GateDecision(winner?.Action ?? GateAction.Allow, winner?.Delay ?? TimeSpan.Zero, winner, matched, shadow, set);
        metrics.Decided(decision.Action);
        return decision;
    }

    /// <summary>Severity first, then priority, then the longer delay; file order breaks the remaining ties.</summary>
    private static bool Beats(CompiledRule candidate, CompiledRule current) =>
        candidate.Action != current.Action ? candidate.Action > current.Action
        : candidate.Priority != current.Priority ? candidate.Priority > current.Priority
        : candidate.Delay > current.Delay;
}
