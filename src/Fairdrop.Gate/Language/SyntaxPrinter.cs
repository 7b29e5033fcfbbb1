using System.Globalization;
using System.Text;
using Fairdrop.Gate.Language.Syntax;

namespace Fairdrop.Gate.Language;

/// <summary>Prints a syntax tree back as canonical rule text, fully parenthesised; parsing the output gives the same tree.</summary>
internal static class SyntaxPrinter
{
    public static string Print(RuleFileSyntax file)
    {
        var text = new StringBuilder();
        foreach (var rule in file.Rules)
        {
            text.Append("rule ").Append(rule.Name);
            if (rule.Description is not null)
            {
                text.Append(' ').Append(Quote(rule.Description));
            }

            if (rule.Priority != 0)
            {
                text.Append(" priority ").Append(rule.Priority);
            }

            if (rule.Shadow)
            {
                text.Append(" shadow");
            }

            text.Append("\n  when ").Append(Print(rule.Condition)).Append("\n  then ").Append(rule.Action);
            if (rule.Delay is { } delay)
            {
                text.Append(' ').Append(((long)delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)).Append("ms");
            }

            text.Append("\n\n");
        }

        return text.ToString();
    }

    public static string Print(Expr expr) => expr switch
    {
        LiteralExpr { Kind: TokenKind.String, Value: string s } => Quote(s),
        LiteralExpr { Kind: TokenKind.Number, Value: double d } => d.ToString("R", CultureInfo.InvariantCulture),
        LiteralExpr { Kind: TokenKind.Duration, Value: TimeSpan t } => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms",
        LiteralExpr { Kind: TokenKind.Identifier, Value: bool b } => b ? "true" : "false",
        LiteralExpr literal => literal.Text,
        FieldExpr field => field.Name,
        CallExpr call => call.Name + "(" + string.Join(", ", call.Arguments.Select(Print)) + ")",
        ListExpr list => "[" + string.Join(", ", list.Items.Select(Print)) + "]",
        NotExpr not => "(not " + Print(not.Operand) + ")",
        BinaryExpr binary => "(" + Print(binary.Left) + " " + binary.Operator + " " + Print(binary.Right) + ")",
        _ => "?",
    };

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "\"";
}
