using System.Linq.Expressions;

namespace Fairdrop.Gate.Language;

/// <summary>
/// A rule's checked condition: the whole, its guard (conjuncts that read no activity; null when
/// none) and its rest (conjuncts over activity; null when none), with the activity slots the rest reads.
/// </summary>
internal sealed record BoundCondition(Bound Whole, Expression? Guard, Expression? Rest, int[] RestSlots);
