using System.Collections.Concurrent;
using System.Text.Json;
using Fluid;
using Fluid.Values;

namespace Fairdrop.Exchange.Templates;

/// <summary>
/// Liquid templates through Fluid. Templates see <c>recipient</c> (externalId, email, attributes), <c>data</c> (the
/// distribution's variables) and <c>unsubscribe_url</c>; any other variable is an error caught at creation.
/// Parsed templates are cached by source text; Fluid templates are safe to render concurrently.
/// </summary>
internal sealed class TemplateRenderer
{
    private static readonly string[] Roots = ["recipient", "data", "unsubscribe_url"];
    private readonly FluidParser _parser = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> _cache = new(StringComparer.Ordinal);

    /// <summary>Null when the template parses and uses only known variables; else why not.</summary>
    public TemplateError? Validate(string source)
    {
        if (!_parser.TryParse(source, out var template, out var error))
        {
            return new TemplateError($"Template syntax error: {error}");
        }

        var unknown = new List<string>();
        var options = new TemplateOptions();
        options.Undefined = name =>
        {
            if (!Roots.Contains(name, StringComparer.Ordinal))
            {
                unknown.Add(name);
            }

            return ValueTask.FromResult<FluidValue>(NilValue.Instance);
        };
        var context = new TemplateContext(options);
        context.SetValue("recipient", new Dictionary<string, object?>(StringComparer.Ordinal));
        context.SetValue("data", new Dictionary<string, object?>(StringComparer.Ordinal));
        context.SetValue("unsubscribe_url", string.Empty);
        try
        {
            template.Render(context);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ParseException or ArgumentException)
        {
            return new TemplateError($"Template error: {exception.Message}");
        }

        return unknown.Count == 0 ? null : new TemplateError($"Unknown variable '{unknown[0]}'; templates may use {string.Join(", ", Roots)}.");
    }

    public async ValueTask<string> RenderAsync(string source, TemplateModel model)
    {
        var template = _cache.GetOrAdd(source, s => _parser.Parse(s));
        var context = new TemplateContext(new TemplateOptions());
        context.SetValue("recipient", model.Recipient);
        context.SetValue("data", model.Data);
        context.SetValue("unsubscribe_url", model.UnsubscribeUrl ?? string.Empty);
        return await template.RenderAsync(context);
    }

    /// <summary>JSON turned into the dictionaries, lists and primitives Fluid reads without registration.</summary>
    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) ? l : element.GetDecimal(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
