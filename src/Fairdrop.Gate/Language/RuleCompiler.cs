using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Language.Syntax;

namespace Fairdrop.Gate.Language;

/// <summary>Parses, checks and compiles a rule file to delegates; a file with any error yields no rule set.</summary>
public static class RuleCompiler
{
    public static RuleCompilation Compile(string text) => Compile(text, CompileContext.Default);

    public static RuleCompilation Compile(string text, CompileContext context) => Run(text, context, emit: true);

    /// <summary>
    /// Parses and type-checks without emitting code: the same diagnostics, rule count and version as
    /// <see cref="Compile(string, CompileContext)"/>, but no rule set. Emitting IL is the costliest
    /// step and grows faster than linearly with a rule's size; a check does not need it.
    /// </summary>
    public static RuleCompilation Check(string text, CompileContext context) => Run(text, context, emit: false);

    private static RuleCompilation Run(string text, CompileContext context, bool emit)
    {
        var source = new SourceText(text.Length > RuleLimits.MaxSourceLength ? text[..RuleLimits.MaxSourceLength] : text);
        var diagnostics = new DiagnosticBag(source);
        if (text.Length > RuleLimits.MaxSourceLength)
        {
            diagnostics.Error("GATE030", 0, $"The rule file is larger than {RuleLimits.MaxSourceLength} characters.");
            return new RuleCompilation(null, diagnostics.Items);
        }

        var file = new Parser(source, diagnostics).ParseFile();
        var request = Expression.Parameter(typeof(GateRequest), "request");
        var binder = new RuleBinder(context, diagnostics, request);
        var rules = new List<CompiledRule>();
        var checkedRules = 0;
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

            checkedRules++;
            if (emit)
            {
                rules.Add(Emit(rules.Count, rule, split, request));
            }
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
        var set = emit ? new RuleSet(rules, binder.Queries, text, version) : null;
        return new RuleCompilation(set, diagnostics.Items) { Version = version, RuleCount = checkedRules };
    }

    // Guard and rest are compiled once each; the whole condition calls them rather than compiling the tree a second time.
    private static CompiledRule Emit(int index, RuleSyntax rule, BoundCondition split, ParameterExpression request)
    {
        var guard = split.Guard is null ? null : Expression.Lambda<Func<GateRequest, bool>>(split.Guard, request).Compile();
        var rest = split.Rest is null ? null : Expression.Lambda<Func<GateRequest, bool>>(split.Rest, request).Compile();
        var whole = guard is null ? rest! : rest is null ? guard : r => guard(r) && rest(r);
        return new CompiledRule(index, rule.Name, rule.Description, rule.Priority, rule.Shadow, ToAction(rule.Action), rule.Delay ?? TimeSpan.Zero, whole)
        {
            Guard = guard,
            Rest = rest,
            Slots = split.RestSlots,
            RequiredAction = split.RequiredAction,
        };
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
