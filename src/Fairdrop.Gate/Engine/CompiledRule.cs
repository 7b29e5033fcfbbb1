namespace Fairdrop.Gate.Engine;

/// <summary>
/// A rule ready to run: its condition is a compiled delegate, nothing is interpreted per request.
/// <see cref="Guard"/> and <see cref="Rest"/> split it (null means true): the guard reads no
/// activity, so the engine runs it first and asks the store only for the <see cref="Slots"/> of
/// rules whose guard held; <c>Guard and Rest</c> decides what <see cref="Condition"/> decides.
/// </summary>
public sealed record CompiledRule(
    int Index,
    string Name,
    string? Description,
    int Priority,
    bool Shadow,
    GateAction Action,
    TimeSpan Delay,
    Func<GateRequest, bool> Condition)
{
    public Func<GateRequest, bool>? Guard { get; init; }

    public Func<GateRequest, bool>? Rest { get; init; }

    /// <summary>The action a top-level <c>action == "x"</c> conjunct requires: the rule is not even looked at for other actions. Null when none.</summary>
    public string? RequiredAction { get; init; }

    private readonly int[] _slots = [];

    /// <summary>The activity slots <see cref="Rest"/> reads.</summary>
    public IReadOnlyList<int> Slots { get => _slots; init => _slots = [.. value]; }

    internal ReadOnlySpan<int> SlotSpan => _slots;
}
