namespace Fairdrop.Gate.Language.Syntax;

/// <summary>A number, duration, string, boolean or IP literal, already decoded.</summary>
internal sealed record LiteralExpr(int Start, TokenKind Kind, object Value, string Text) : Expr(Start);
