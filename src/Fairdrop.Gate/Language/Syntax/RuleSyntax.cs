namespace Fairdrop.Gate.Language.Syntax;

/// <summary>One rule as written: name, optional description, modifiers, condition and action.</summary>
internal sealed record RuleSyntax(
    int Start,
    string Name,
    string? Description,
    int Priority,
    bool Shadow,
    Expr Condition,
    string Action,
    TimeSpan? Delay);
