using System.Globalization;
using System.Net;

namespace Fairdrop.Gate.Language;

/// <summary>
/// Turns rule text into tokens. Hand-written, one pass, never throws: anything it cannot read
/// becomes a <see cref="TokenKind.Bad"/> token and a diagnostic, and it always advances.
/// </summary>
internal sealed class Lexer(SourceText source, DiagnosticBag diagnostics)
{
    private const int MaxStringLength = 4096;
    private static readonly TimeSpan MaxDuration = TimeSpan.FromDays(3650);
    private readonly string _text = source.Text;
    private int _position;

    public List<Token> Lex()
    {
        var tokens = new List<Token>();
        while (true)
        {
            var token = Next();
            tokens.Add(token);
            if (token.Kind == TokenKind.End)
            {
                return tokens;
            }
        }
    }

    private Token Next()
    {
        SkipTrivia();
        if (_position >= _text.Length)
        {
            return new Token(TokenKind.End, _text.Length, 0, string.Empty);
        }

        var start = _position;
        var c = _text[_position];
        if (char.IsAsciiLetter(c) || c == '_')
        {
            while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] == '_'))
            {
                _position++;
            }

            return Make(TokenKind.Identifier, start);
        }

        if (char.IsAsciiDigit(c))
        {
            return LexNumber(start);
        }

        if (c == '"')
        {
            return LexString(start);
        }

        _position++;
        var next = _position < _text.Length ? _text[_position] : '\0';
        switch (c)
        {
            case '(': return Make(TokenKind.OpenParen, start);
            case ')': return Make(TokenKind.CloseParen, start);
            case '[': return Make(TokenKind.OpenBracket, start);
            case ']': return Make(TokenKind.CloseBracket, start);
            case ',': return Make(TokenKind.Comma, start);
            case '.': return Make(TokenKind.Dot, start);
            case '=' when next == '=': _position++; return Make(TokenKind.Equal, start);
            case '!' when next == '=': _position++; return Make(TokenKind.NotEqual, start);
            case '<' when next == '=': _position++; return Make(TokenKind.LessOrEqual, start);
            case '>' when next == '=': _position++; return Make(TokenKind.GreaterOrEqual, start);
            case '<': return Make(TokenKind.Less, start);
            case '>': return Make(TokenKind.Greater, start);
            case '=':
                diagnostics.Error("GATE001", start, "'=' is not an operator; compare with '=='.");
                return Make(TokenKind.Equal, start);
            default:
                diagnostics.Error("GATE001", start, $"Unexpected character '{Printable(c)}'.");
                return Make(TokenKind.Bad, start);
        }
    }

    private void SkipTrivia()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c == '#')
            {
                while (_position < _text.Length && _text[_position] != '\n')
                {
                    _position++;
                }
            }
            else if (char.IsWhiteSpace(c))
            {
                _position++;
            }
            else
            {
                return;
            }
        }
    }

    private Token LexNumber(int start)
    {
        var dots = 0;
        while (_position < _text.Length && (char.IsAsciiDigit(_text[_position]) || (_text[_position] == '.' && _position + 1 < _text.Length && char.IsAsciiDigit(_text[_position + 1]))))
        {
            dots += _text[_position] == '.' ? 1 : 0;
            _position++;
        }

        if (dots == 3)
        {
            return LexIp(start);
        }

        var digits = _text[start.._position];
        if (dots > 1 || !double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) || number > 1e15)
        {
            diagnostics.Error("GATE002", start, $"'{digits}' is not a number.");
            return Make(TokenKind.Bad, start);
        }

        var unitStart = _position;
        while (_position < _text.Length && char.IsAsciiLetter(_text[_position]))
        {
            _position++;
        }

        if (_position == unitStart)
        {
            return Make(TokenKind.Number, start, number);
        }

        var unit = _text[unitStart.._position];
        double? milliseconds = unit switch
        {
            "ms" => number,
            "s" => number * 1_000,
            "m" => number * 60_000,
            "h" => number * 3_600_000,
            "d" => number * 86_400_000,
            _ => null,
        };
        if (milliseconds is null)
        {
            diagnostics.Error("GATE003", unitStart, $"Unknown duration unit '{unit}'; use ms, s, m, h or d.");
            return Make(TokenKind.Bad, start);
        }

        // A number up to 1e15 is fine alone but not as days: 1e15d overflows TimeSpan. No rule over a shopper's
        // activity needs more than ten years, so longer durations are a diagnostic, not an exception.
        if (milliseconds.Value > MaxDuration.TotalMilliseconds)
        {
            diagnostics.Error("GATE039", start, $"'{_text[start.._position]}' is longer than the longest duration, 3650d.");
            return Make(TokenKind.Bad, start);
        }

        return Make(TokenKind.Duration, start, TimeSpan.FromMilliseconds(Math.Round(milliseconds.Value)));
    }

    private Token LexIp(int start)
    {
        if (_position < _text.Length && _text[_position] == '/')
        {
            _position++;
            while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
            {
                _position++;
            }
        }

        var text = _text[start.._position];
        if (!IPNetwork.TryParse(text.Contains('/', StringComparison.Ordinal) ? text : text + "/32", out var network) || !IPAddress.TryParse(text.Split('/')[0], out _))
        {
            diagnostics.Error("GATE004", start, $"'{text}' is not an IPv4 address or CIDR range.");
            return Make(TokenKind.Bad, start);
        }

        return Make(TokenKind.Ip, start, network);
    }

    private Token LexString(int start)
    {
        _position++;
        var value = new System.Text.StringBuilder();
        while (_position < _text.Length && _text[_position] != '"' && _text[_position] != '\n')
        {
            var c = _text[_position++];
            if (c == '\\' && _position < _text.Length && _text[_position] != '\n')
            {
                var escaped = _text[_position++];
                value.Append(escaped switch { 'n' => '\n', 't' => '\t', _ => escaped });
            }
            else
            {
                value.Append(c);
            }
        }

        if (_position >= _text.Length || _text[_position] != '"')
        {
            diagnostics.Error("GATE005", start, "Unterminated string; close it with '\"' on the same line.");
            return Make(TokenKind.Bad, start);
        }

        _position++;
        if (value.Length > MaxStringLength)
        {
            diagnostics.Error("GATE005", start, $"String longer than {MaxStringLength} characters.");
        }

        return Make(TokenKind.String, start, value.ToString());
    }

    private Token Make(TokenKind kind, int start, object? value = null) =>
        new(kind, start, _position - start, _text[start.._position], value);

    private static string Printable(char c) => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString();
}
