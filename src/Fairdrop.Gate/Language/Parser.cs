using System.Runtime.CompilerServices;
using Fairdrop.Gate.Language.Syntax;

namespace Fairdrop.Gate.Language;

/// <summary>
/// Recursive-descent parser of rule files. On an error it reports once and skips to the next
/// <c>rule</c>, so one file yields every independent mistake. Every loop consumes a token and
/// nesting and size are capped (<see cref="RuleLimits"/>), so no input crashes it or makes it hang,
/// and the trees it returns are shallow enough for the binder and compiler to walk recursively.
/// </summary>
internal sealed partial class Parser
{
    private static readonly string[] Actions = ["allow", "log", "delay", "challenge", "queue", "block"];
    private readonly List<Token> _tokens;
    private readonly DiagnosticBag _diagnostics;
    private int _index;
    private int _depth;
    private int _ruleTerms;
    private int _fileTerms;
    private bool _inList;
    private bool _stopped;

    public Parser(SourceText source, DiagnosticBag diagnostics)
    {
        _diagnostics = diagnostics;
        _tokens = new Lexer(source, diagnostics).Lex();
    }

    private Token Current => _tokens[_index];

    public RuleFileSyntax ParseFile()
    {
        var rules = new List<RuleSyntax>();
        while (Current.Kind != TokenKind.End && !_stopped)
        {
            if (!Current.Is("rule"))
            {
                _diagnostics.Error("GATE010", Current.Start, $"Expected 'rule' but found '{Describe(Current)}'.");
                SkipToNextRule();
                continue;
            }

            var errorsBefore = _diagnostics.Items.Count;
            try
            {
                var rule = ParseRule();
                if (rule is not null && _diagnostics.Items.Count == errorsBefore)
                {
                    rules.Add(rule);
                }
            }
            catch (SyntaxError)
            {
                SkipToNextRule();
            }
        }

        return new RuleFileSyntax(rules);
    }

    private RuleSyntax? ParseRule()
    {
        var start = Current.Start;
        _ruleTerms = 0;
        Advance();
        var name = Expect(TokenKind.Identifier, "a rule name");
        string? description = null;
        if (Current.Kind == TokenKind.String)
        {
            description = (string)Advance().Value!;
        }

        var priority = 0;
        var shadow = false;
        while (!Current.Is("when"))
        {
            if (Current.Is("shadow"))
            {
                Advance();
                shadow = true;
            }
            else if (Current.Is("priority"))
            {
                Advance();
                var number = Expect(TokenKind.Number, "a priority number");
                var value = (double)number.Value!;
                if (value != Math.Floor(value) || value > 1000)
                {
                    Fail("GATE011", number.Start, "A priority is a whole number from 0 to 1000.");
                }

                priority = (int)value;
            }
            else
            {
                Fail("GATE012", Current.Start, $"Expected 'when', 'shadow' or 'priority' but found '{Describe(Current)}'.");
            }
        }

        Advance();
        var condition = ParseExpression();
        if (!Current.Is("then"))
        {
            Fail("GATE013", Current.Start, $"Expected 'then' or an operator but found '{Describe(Current)}'.");
        }

        Advance();
        var actionToken = Current;
        if (actionToken.Kind != TokenKind.Identifier || Array.IndexOf(Actions, actionToken.Text) < 0)
        {
            Fail("GATE014", actionToken.Start, $"Expected an action (allow, log, delay 5s, challenge, queue, block) but found '{Describe(actionToken)}'.",
                actionToken.Kind == TokenKind.Identifier ? Suggest.Nearest(actionToken.Text, Actions) : null);
        }

        Advance();
        TimeSpan? delay = null;
        if (actionToken.Text == "delay")
        {
            var duration = Expect(TokenKind.Duration, "a duration after 'delay', such as 20s");
            delay = (TimeSpan)duration.Value!;
        }

        return new RuleSyntax(start, name.Text, description, priority, shadow, condition, actionToken.Text, delay);
    }

    private void CountTerm(int offset)
    {
        if (++_fileTerms > RuleLimits.MaxTermsPerFile)
        {
            // Every later rule would fail the same way; one diagnostic says it.
            _stopped = true;
            Fail("GATE019", offset, $"A rule file holds at most {RuleLimits.MaxTermsPerFile} terms (values, fields and calls); split the rules over fewer, simpler conditions.");
        }

        if (++_ruleTerms > RuleLimits.MaxTermsPerRule)
        {
            Fail("GATE018", offset, $"A rule's condition holds at most {RuleLimits.MaxTermsPerRule} terms (values, fields and calls); split it into several rules, or use 'in [...]' for many values.");
        }
    }

    // A backstop under the limits above: a thread with a small stack gets a diagnostic, not a crash.
    private void EnsureStack(int offset)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            Fail("GATE038", offset, "The expression is too complex to check; split it into several rules.");
        }
    }

    private static bool IsReserved(string word) => word is "rule" or "when" or "then" or "and" or "or" or "not" or "in" or "matches";

    private Token Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            Fail("GATE017", Current.Start, $"Expected {what} but found '{Describe(Current)}'.");
        }

        return Advance();
    }

    private Token Advance()
    {
        var token = _tokens[_index];
        if (_index < _tokens.Count - 1)
        {
            _index++;
        }

        return token;
    }

    private Token Peek(int ahead) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

    private void SkipToNextRule()
    {
        do
        {
            Advance();
        }
        while (Current.Kind != TokenKind.End && !Current.Is("rule"));
    }

    private void Fail(string code, int offset, string message, string? suggestion = null)
    {
        _diagnostics.Error(code, offset, message, suggestion);
        throw new SyntaxError();
    }

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.End => "end of file",
        TokenKind.String => "string " + token.Text,
        _ => token.Text.Length > 40 ? token.Text[..40] + "…" : token.Text,
    };

    /// <summary>Unwinds to the rule loop after a reported error; never escapes the parser.</summary>
    private sealed class SyntaxError : Exception;
}
