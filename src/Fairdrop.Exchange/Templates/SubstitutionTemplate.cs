using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Scriban.Runtime;

namespace Fairdrop.Exchange.Templates;

/// <summary>
/// A template that only prints variables between literal text (<c>Hi {{ recipient.externalId }}</c>), which is most
/// notification content. It is rendered by looking the paths up in the scope directly, without a Scriban context per
/// render. Anything more (tags, filters, whitespace control, other names) is not one; a value that is not a string,
/// an integer or a boolean makes <see cref="TryRender"/> return null, and Scriban prints it instead.
/// </summary>
internal sealed partial class SubstitutionTemplate
{
    private readonly string[] _literals;
    private readonly string[][] _paths;

    private SubstitutionTemplate(string[] literals, string[][] paths)
    {
        _literals = literals;
        _paths = paths;
    }

    public static SubstitutionTemplate? TryParse(string source)
    {
        var literals = new List<string>();
        var paths = new List<string[]>();
        var at = 0;
        foreach (Match output in Output().Matches(source))
        {
            var path = output.Groups["path"].Value.Split('.');
            if (!TemplateRenderer.Roots.Contains(path[0], StringComparer.Ordinal))
            {
                return null;
            }

            literals.Add(source[at..output.Index]);
            paths.Add(path);
            at = output.Index + output.Length;
        }

        literals.Add(source[at..]);
        // A brace touching an output ("{{{ x }}") is a syntax error to Scriban, which must stay the judge.
        var touching = literals.Take(literals.Count - 1).Any(l => l.EndsWith('{')) || literals.Skip(1).Any(l => l.StartsWith('}'));
        return touching || literals.Any(HasMarkup) ? null : new SubstitutionTemplate([.. literals], [.. paths]);
    }

    /// <summary>The rendered text, or null when a value needs Scriban's own printing.</summary>
    public string? TryRender(ScriptObject globals)
    {
        // Built in a pooled buffer, so a render allocates its result and nothing else (a StringBuilder grew, then copied).
        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        text.AppendLiteral(_literals[0]);
        for (var i = 0; i < _paths.Length; i++)
        {
            if (!TryPrint(Resolve(globals, _paths[i]), ref text))
            {
                _ = text.ToStringAndClear(); // returns the pooled buffer
                return null;
            }

            text.AppendLiteral(_literals[i + 1]);
        }

        return text.ToStringAndClear();
    }

    /// <summary>Follows the path through nested objects; a missing member is null, as with relaxed member access.</summary>
    private static object? Resolve(ScriptObject globals, string[] path)
    {
        object? value = globals;
        foreach (var member in path)
        {
            if (value is not ScriptObject scope)
            {
                return Unprintable.Value;
            }

            value = scope.TryGetValue(member, out var found) ? found : null;
        }

        return value;
    }

    private static bool TryPrint(object? value, ref DefaultInterpolatedStringHandler text)
    {
        switch (value)
        {
            case null:
                return true;
            case string s:
                text.AppendLiteral(s);
                return true;
            case long number:
                text.AppendFormatted(number);
                return true;
            case int number:
                text.AppendFormatted(number);
                return true;
            case bool b:
                text.AppendLiteral(b ? "true" : "false");
                return true;
            default:
                return false;
        }
    }

    private static bool HasMarkup(string literal) =>
        literal.Contains("{{", StringComparison.Ordinal) || literal.Contains("}}", StringComparison.Ordinal)
        || literal.Contains("{%", StringComparison.Ordinal) || literal.Contains("%}", StringComparison.Ordinal);

    [GeneratedRegex(@"\{\{ *(?<path>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*) *\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Output();

    /// <summary>A member asked of something that has none (a string, a number): Scriban decides what that prints.</summary>
    private sealed class Unprintable
    {
        public static readonly Unprintable Value = new();
    }
}
