namespace Fairdrop.Gate.Language.Syntax;

/// <summary>A list literal, the right side of <c>in</c>: <c>["GET", "HEAD"]</c> or <c>[10.0.0.0/8, 192.168.0.0/16]</c>.</summary>
internal sealed record ListExpr(int Start, IReadOnlyList<Expr> Items) : Expr(Start);
