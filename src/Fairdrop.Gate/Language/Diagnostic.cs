using System.Text;

namespace Fairdrop.Gate.Language;

/// <summary>A problem in a rule file, at a 1-based line and column, with the offending line and a caret under it.</summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Code, string Message, int Line, int Column, string LineText, string? Suggestion = null)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>Renders as compilers do: <c>file:line:col: error GATE001: message</c>, the line, a caret, a hint.</summary>
    public string Format(string file)
    {
        var text = new StringBuilder()
            .Append(file).Append(':').Append(Line).Append(':').Append(Column).Append(": ")
            .Append(IsError ? "error " : "warning ").Append(Code).Append(": ").Append(Message).Append('\n')
            .Append("  ").Append(LineText.Replace('\t', ' ')).Append('\n')
            .Append("  ").Append(' ', Math.Max(0, Column - 1)).Append('^');
        if (Suggestion is not null)
        {
            text.Append('\n').Append("  did you mean '").Append(Suggestion).Append("'?");
        }

        return text.ToString();
    }

    public override string ToString() => Format("rules");
}
