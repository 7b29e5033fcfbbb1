using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Language.Syntax;

namespace Fairdrop.Gate.Language;

/// <summary>Parses, checks and compiles a rule file to delegates; a file with any error yields no rule set.</summary>
public static class RuleCompiler
{
    /// <summary>Rule files larger than this are refused before parsing.</summary>
    public const int MaxSourceLength = 1 << 20;

    public static RuleCompilation Compile(string text) => Compile(text, CompileContext.Default);

    public static RuleCompilation Compile(string text, CompileContext context)
    {
        var source = new SourceText(text.Length > MaxSourceLength ? text[..MaxSourceLength] : text);
        var diagnostics = new DiagnosticBag(source);
        if (text.Length > MaxSourceLength)
        {
            diagnostics.Error("GATE030", 0, $"The rule file is larger than {MaxSourceLength} characters.");
            return new RuleCompilation(null, diagnostics.Items);
        }

        var file = new Parser(source, diagnostics).ParseFile();
        var request = Expression.Parameter(typeof(GateRequest), "request");
        var binder = new RuleBinder(context, diagnostics, request);
        var rules = new List<CompiledRule>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in file.Rules)
        {
            if (!names.Add(rule.Name))
            {
                diagnostics.Error("GATE031", rule.Start, $"A rule named '{rule.Name}' already exists; rule names are unique.");
            }

            var split = binder.BindCondition(rule.Condition);
            var condition = split.Whole;
            if (condition.Type is not (GateType.Bool or GateType.Error))
            {
                diagnostics.Error("GATE032", rule.Condition.Start, "A rule's 'when' must be a condition (true or false).");
                continue;
            }

            if (condition.Tree is null || diagnostics.HasErrors)
            {
                continue;
            }

            var compiled = Expression.Lambda<Func<GateRequest, bool>>(condition.Tree, request).Compile();
            rules.Add(new CompiledRule(rules.Count, rule.Name, rule.Description, rule.Priority, rule.Shadow, ToAction(rule.Action), rule.Delay ?? TimeSpan.Zero, compiled)
            {
                Guard = split.Guard is null ? null : Expression.Lambda<Func<GateRequest, bool>>(split.Guard, request).Compile(),
                Rest = split.Rest is null ? null : Expression.Lambda<Func<GateRequest, bool>>(split.Rest, request).Compile(),
                Slots = split.RestSlots,
                RequiredAction = split.RequiredAction,
            });
        }

        if (file.Rules.Count > RuleSet.MaxRules)
        {
            diagnostics.Error("GATE033", 0, $"A rule set holds at most {RuleSet.MaxRules} rules.");
        }

        if (diagnostics.HasErrors)
        {
            return new RuleCompilation(null, diagnostics.Items);
        }

        var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
        return new RuleCompilation(new RuleSet(rules, binder.Queries, text, version), diagnostics.Items);
    }

    /// <summary>Parses only, for tools and tests: the syntax tree and the diagnostics.</summary>
    internal static (RuleFileSyntax File, IReadOnlyList<Diagnostic> Diagnostics) Parse(string text)
    {
        var source = new SourceText(text);
        var diagnostics = new DiagnosticBag(source);
        return (new Parser(source, diagnostics).ParseFile(), diagnostics.Items);
    }

    private static GateAction ToAction(string action) => action switch
    {
        "allow" => GateAction.Allow,
        "log" => GateAction.Log,
        "delay" => GateAction.Delay,
        "queue" => GateAction.Queue,
        "challenge" => GateAction.Challenge,
        _ => GateAction.Block,
    };
}
