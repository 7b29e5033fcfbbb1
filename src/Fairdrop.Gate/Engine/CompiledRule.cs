namespace Fairdrop.Gate.Engine;

/// <summary>A rule ready to run: its condition is a compiled delegate, nothing is interpreted per request.</summary>
public sealed record CompiledRule(
    int Index,
    string Name,
    string? Description,
    int Priority,
    bool Shadow,
    GateAction Action,
    TimeSpan Delay,
    Func<GateRequest, bool> Condition);
