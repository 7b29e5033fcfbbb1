using Fairdrop.Core.Errors;
using Fairdrop.Gate.Language;
using Fairdrop.Gate.Language.Syntax;

namespace Fairdrop.Gate.Recommendations.Adopting;

/// <summary>One rule's text in the gate's canonical form, as a shadow rule (how it is accepted) and enforced (how it is promoted).</summary>
internal sealed record ShadowRuleText(string Name, string Shadow, string Enforced)
{
    /// <summary>The rule must check on its own and be exactly one rule; whether it was written with <c>shadow</c> or not does not matter.</summary>
    public static Result<ShadowRuleText> Of(string text, CompileContext context)
    {
        var compilation = RuleCompiler.Check(text, context);
        if (!compilation.Success)
        {
            return RecommendationErrors.Rule(compilation);
        }

        var (file, _) = RuleCompiler.Parse(text);
        if (file.Rules is not [var rule])
        {
            return RecommendationErrors.OneRule;
        }

        return new ShadowRuleText(rule.Name, Print(rule with { Shadow = true }), Print(rule with { Shadow = false }));
    }

    private static string Print(RuleSyntax rule) => SyntaxPrinter.Print(new RuleFileSyntax([rule])).TrimEnd();
}
