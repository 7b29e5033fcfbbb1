using System.Linq.Expressions;

namespace Fairdrop.Gate.Language;

/// <summary>
/// A rule's checked condition: the whole, its guard (conjuncts that read no activity; null when
/// none) and its rest (conjuncts over activity; null when none), with the activity slots the rest reads,
/// and the action a top-level <c>action == "x"</c> conjunct requires (null when none does).
/// </summary>
internal sealed record BoundCondition(Bound Whole, Expression? Guard, Expression? Rest, int[] RestSlots)
{
    public string? RequiredAction { get; init; }
}
