namespace Fairdrop.Gate.Language.Syntax;

/// <summary>An expression of a rule's condition; <see cref="Start"/> is its offset in the source, for diagnostics.</summary>
internal abstract record Expr(int Start);
