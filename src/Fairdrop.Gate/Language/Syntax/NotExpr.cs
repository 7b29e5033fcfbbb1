namespace Fairdrop.Gate.Language.Syntax;

/// <summary><c>not</c> applied to a condition.</summary>
internal sealed record NotExpr(int Start, Expr Operand) : Expr(Start);
