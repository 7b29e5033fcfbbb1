namespace Fairdrop.Gate.Language.Syntax;

/// <summary>A parsed rule file: the rules that parsed, in order.</summary>
internal sealed record RuleFileSyntax(IReadOnlyList<RuleSyntax> Rules);
