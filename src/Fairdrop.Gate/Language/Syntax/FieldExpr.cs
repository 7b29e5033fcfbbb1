namespace Fairdrop.Gate.Language.Syntax;

/// <summary>A field of the request, such as <c>action</c> or <c>customer.age</c>.</summary>
internal sealed record FieldExpr(int Start, string Name) : Expr(Start);
