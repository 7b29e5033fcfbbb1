namespace Fairdrop.Gate.Decisions;

/// <summary>What a rule set would have changed in recorded traffic: counts per action before and after, each changed request, each rule's share.</summary>
public sealed record ReplayReport(int Requests, string RuleVersion, IReadOnlyList<ReplayActionCount> Actions, IReadOnlyList<ReplayChange> Changes, IReadOnlyList<ReplayRuleCount> Rules)
{
    /// <summary>Lines of the log that were not decisions (cut short, garbled): skipped and counted, not replayed.</summary>
    public int SkippedLines { get; init; }
}

/// <summary>Requests that got <see cref="Action"/> as recorded (<see cref="Before"/>) and under the new rules (<see cref="After"/>).</summary>
public sealed record ReplayActionCount(string Action, int Before, int After);

/// <summary>A request whose action changes: what it got, what it would get, and the deciding rule of each.</summary>
public sealed record ReplayChange(DecisionRecord Request, string Before, string? BeforeRule, string After, string? AfterRule);

/// <summary>One rule of the new set: requests it matched, requests it decided, and decisions it changed.</summary>
public sealed record ReplayRuleCount(string Rule, bool Shadow, int Matched, int Decided, int Changed);
