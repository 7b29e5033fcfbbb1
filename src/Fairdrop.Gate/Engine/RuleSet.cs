using Fairdrop.Gate.Activity;

namespace Fairdrop.Gate.Engine;

/// <summary>An immutable, compiled set of rules and the activity queries they share; swapped whole on reload.</summary>
public sealed class RuleSet(IReadOnlyList<CompiledRule> rules, IReadOnlyList<ActivityQuery> queries, string source, string version)
{
    /// <summary>Rules per set: each decision records the matching ones in a fixed 256-bit set.</summary>
    public const int MaxRules = MatchSet.Capacity;

    public static RuleSet Empty { get; } = new([], [], string.Empty, "empty");

    public IReadOnlyList<CompiledRule> Rules { get; } = rules;

    internal CompiledRule[] RuleArray { get; } = [.. rules];

    /// <summary>Per action id, the rules that can match it: those requiring that action, and those requiring none, in file order.</summary>
    private readonly Dictionary<int, CompiledRule[]> _byAction = IndexByAction(rules);

    /// <summary>The rules requiring no particular action: all that can match an action no rule names.</summary>
    private readonly CompiledRule[] _anyAction = [.. rules.Where(r => r.RequiredAction is null)];

    public IReadOnlyList<ActivityQuery> Queries { get; } = queries;

    /// <summary>What <see cref="Queries"/> can read, per identity kind: all the store needs to record for this set.</summary>
    public ActivityInterest Interest { get; } = new(queries);

    /// <summary>The rule text it was compiled from.</summary>
    public string Source { get; } = source;

    /// <summary>A short hash of the source, recorded with every decision.</summary>
    public string Version { get; } = version;

    /// <summary>
    /// The rules worth looking at for a request of <paramref name="actionId"/>: a rule with a top-level
    /// <c>action == "x"</c> conjunct cannot match another action. Only prunes: each rule's guard still
    /// compares the action itself, so two names with one id change nothing.
    /// </summary>
    internal CompiledRule[] RulesFor(int actionId) => _byAction.TryGetValue(actionId, out var rules) ? rules : _anyAction;

    private static Dictionary<int, CompiledRule[]> IndexByAction(IReadOnlyList<CompiledRule> rules) =>
        rules.Where(r => r.RequiredAction is not null)
            .Select(r => StableHash.Action(r.RequiredAction!))
            .Distinct()
            .ToDictionary(id => id, id => rules.Where(r => r.RequiredAction is null || StableHash.Action(r.RequiredAction) == id).ToArray());
}
