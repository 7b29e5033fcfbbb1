namespace Fairdrop.Gate.Language.Syntax;

/// <summary>A function call, such as <c>count("checkout", ip, 1m)</c> or <c>header("Referer")</c>.</summary>
internal sealed record CallExpr(int Start, string Name, IReadOnlyList<Expr> Arguments) : Expr(Start);
