using System.Collections.Concurrent;
using System.Text.Json;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Fairdrop.Exchange.Templates;

/// <summary>
/// Liquid templates through Scriban's Liquid parser. Templates see <c>recipient</c> (externalId, email, attributes),
/// <c>data</c> (the distribution's variables) and <c>unsubscribe_url</c>; any other variable is an error caught at
/// creation. (Fluid 2.41 needs Parlot 1.x, which the package feed no longer serves; see docs/exchange.md.)
/// </summary>
internal sealed class TemplateRenderer
{
    /// <summary>The variables a template may use.</summary>
    internal static readonly string[] Roots = ["recipient", "data", "unsubscribe_url"];

    // Building the builtin functions is most of a context's cost, so every context shares one read-only set;
    // a template's assignments land in its own globals, pushed above it.
    private static readonly ScriptObject Builtins = ReadOnlyBuiltins();
    private readonly ConcurrentDictionary<string, (Template Template, SubstitutionTemplate? Substitution)> _cache = new(StringComparer.Ordinal);

    /// <summary>Null when the template parses and uses only known variables; else why not, with line and column.</summary>
    public TemplateError? Validate(string source)
    {
        var template = Template.ParseLiquid(source);
        if (template.HasErrors)
        {
            var first = template.Messages[0];
            var (line, column) = Position(source, first.Span.Start);
            return new TemplateError($"Template syntax error at line {line}, column {column}: {first.Message}");
        }

        var context = NewContext(Scope(new TemplateModel(new Dictionary<string, object?>(), new Dictionary<string, object?>(), string.Empty)));
        context.StrictVariables = true;
        try
        {
            template.Render(context);
        }
        catch (ScriptRuntimeException exception)
        {
            var name = Roots.FirstOrDefault(r => exception.OriginalMessage.Contains(r, StringComparison.Ordinal));
            if (name is null)
            {
                return new TemplateError($"Unknown variable at line {exception.Span.Start.Line + 1}, column {exception.Span.Start.Column + 1}: {exception.OriginalMessage}; templates may use {string.Join(", ", Roots)}.");
            }
        }

        _cache.TryAdd(source, (template, SubstitutionTemplate.TryParse(source)));
        return null;
    }

    /// <summary>The model's values converted once, for all the templates of one message.</summary>
    public static TemplateScope Scope(TemplateModel model) => new(Globals(ToScript(model.Recipient), model.Data, model.UnsubscribeUrl));

    /// <summary>
    /// As <see cref="Scope(TemplateModel)"/>, where <paramref name="model"/>'s data is shared with other messages and
    /// only read: a template that goes through Scriban gets a fresh copy from <paramref name="freshData"/>.
    /// </summary>
    public static TemplateScope Scope(TemplateModel model, Func<object?> freshData)
    {
        var recipient = ToScript(model.Recipient);
        return new(Globals(recipient, model.Data, model.UnsubscribeUrl), () => Globals(recipient, freshData(), model.UnsubscribeUrl));
    }

    private static ScriptObject Globals(ScriptObject recipient, object? data, string? unsubscribeUrl) => new(StringComparer.Ordinal)
    {
        ["recipient"] = recipient,
        ["data"] = data is IReadOnlyDictionary<string, object?> values ? ToScript(values) : data ?? new ScriptObject(),
        ["unsubscribe_url"] = unsubscribeUrl ?? string.Empty,
    };

    public async ValueTask<string> RenderAsync(string source, TemplateScope scope)
    {
        var (template, substitution) = Compiled(source);
        return substitution?.TryRender(scope.Globals) ?? await template.RenderAsync(NewContext(scope));
    }

    /// <summary>Always through Scriban, even when the template is a plain substitution: what the fast path must equal.</summary>
    internal async ValueTask<string> RenderWithEngineAsync(string source, TemplateScope scope) =>
        await Compiled(source).Template.RenderAsync(NewContext(scope));

    private (Template Template, SubstitutionTemplate? Substitution) Compiled(string source) =>
        _cache.GetOrAdd(source, static s => (Template.ParseLiquid(s), SubstitutionTemplate.TryParse(s)));

    /// <summary>1-based line and column; Scriban reports errors at the end of input (an unclosed tag) without a position.</summary>
    private static (int Line, int Column) Position(string source, TextPosition start)
    {
        if (start.Line >= 0)
        {
            return (start.Line + 1, start.Column + 1);
        }

        var lastBreak = source.LastIndexOf('\n');
        return (source.Count(c => c == '\n') + 1, source.Length - lastBreak);
    }

    /// <summary>JSON turned into the dictionaries, lists and primitives the engine reads without registration.</summary>
    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ToScript(element.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.Ordinal)),
        JsonValueKind.Array => new ScriptArray(element.EnumerateArray().Select(FromJson)),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) ? l : element.GetDecimal(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static ScriptObject ToScript(IReadOnlyDictionary<string, object?> values)
    {
        var script = new ScriptObject(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            script[key] = value is IReadOnlyDictionary<string, object?> nested ? ToScript(nested) : value;
        }

        return script;
    }

    private static TemplateContext NewContext(TemplateScope scope)
    {
        var context = new TemplateContext(Builtins) { MemberRenamer = member => member.Name, EnableRelaxedMemberAccess = true };
        context.PushGlobal(scope.EngineGlobals);
        return context;
    }

    private static ScriptObject ReadOnlyBuiltins()
    {
        var builtins = TemplateContext.GetDefaultBuiltinObject();
        builtins.IsReadOnly = true;
        return builtins;
    }
}
