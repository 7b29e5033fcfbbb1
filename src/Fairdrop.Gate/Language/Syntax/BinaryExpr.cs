namespace Fairdrop.Gate.Language.Syntax;

/// <summary>A binary operation: <c>and</c>, <c>or</c>, a comparison, <c>in</c>, <c>not in</c> or <c>matches</c>.</summary>
internal sealed record BinaryExpr(int Start, string Operator, Expr Left, Expr Right, int OperatorStart) : Expr(Start);
