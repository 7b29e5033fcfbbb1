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

    public IReadOnlyList<ActivityQuery> Queries { get; } = queries;

    /// <summary>The rule text it was compiled from.</summary>
    public string Source { get; } = source;

    /// <summary>A short hash of the source, recorded with every decision.</summary>
    public string Version { get; } = version;
}
