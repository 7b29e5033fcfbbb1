using System.Linq.Expressions;

namespace Fairdrop.Gate.Language;

/// <summary>A checked expression: its type and the expression tree that computes it (null after an error).</summary>
internal readonly record struct Bound(GateType Type, Expression? Tree, object? Constant = null)
{
    public static Bound Error { get; } = new(GateType.Error, null);
}
