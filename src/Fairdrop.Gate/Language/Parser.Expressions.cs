using Fairdrop.Gate.Language.Syntax;

namespace Fairdrop.Gate.Language;

/// <summary>The parser's expressions, by precedence: <c>or</c>, <c>and</c>, <c>not</c>, comparisons, then lists, fields, calls and literals.</summary>
internal sealed partial class Parser
{
    private Expr ParseExpression()
    {
        if (++_depth > RuleLimits.MaxNesting)
        {
            Fail("GATE015", Current.Start, $"Expression nested deeper than {RuleLimits.MaxNesting} levels.");
        }

        EnsureStack(Current.Start);

        // A parenthesised expression is counted term by term, even as a list item.
        var inList = _inList;
        _inList = false;
        try
        {
            return ParseOr();
        }
        finally
        {
            _inList = inList;
            _depth--;
        }
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (Current.Is("or"))
        {
            var op = Advance();
            left = new BinaryExpr(left.Start, "or", left, ParseAnd(), op.Start);
        }

        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (Current.Is("and"))
        {
            var op = Advance();
            left = new BinaryExpr(left.Start, "and", left, ParseNot(), op.Start);
        }

        return left;
    }

    private Expr ParseNot()
    {
        if (Current.Is("not"))
        {
            var start = Advance().Start;
            if (++_depth > RuleLimits.MaxNesting)
            {
                Fail("GATE015", start, $"Expression nested deeper than {RuleLimits.MaxNesting} levels.");
            }

            try
            {
                return new NotExpr(start, ParseNot());
            }
            finally
            {
                _depth--;
            }
        }

        return ParseComparison();
    }

    private Expr ParseComparison()
    {
        var left = ParsePrimary();
        var op = Current;
        string? name = op.Kind switch
        {
            TokenKind.Equal => "==",
            TokenKind.NotEqual => "!=",
            TokenKind.Less => "<",
            TokenKind.LessOrEqual => "<=",
            TokenKind.Greater => ">",
            TokenKind.GreaterOrEqual => ">=",
            TokenKind.Identifier when op.Is("in") => "in",
            TokenKind.Identifier when op.Is("matches") => "matches",
            TokenKind.Identifier when op.Is("not") && Peek(1).Is("in") => "not in",
            _ => null,
        };
        if (name is null)
        {
            return left;
        }

        Advance();
        if (name == "not in")
        {
            Advance();
        }

        return new BinaryExpr(left.Start, name, left, ParsePrimary(), op.Start);
    }

    private Expr ParsePrimary()
    {
        var token = Current;
        if (!_inList)
        {
            CountTerm(token.Start);
        }

        switch (token.Kind)
        {
            case TokenKind.Number:
            case TokenKind.Duration:
            case TokenKind.String:
            case TokenKind.Ip:
                Advance();
                return new LiteralExpr(token.Start, token.Kind, token.Value!, token.Text);
            case TokenKind.OpenParen:
                Advance();
                var inner = ParseExpression();
                Expect(TokenKind.CloseParen, "')'");
                return inner;
            case TokenKind.OpenBracket:
                return ParseList();
            case TokenKind.Identifier when token.Is("true") || token.Is("false"):
                Advance();
                return new LiteralExpr(token.Start, TokenKind.Identifier, token.Is("true"), token.Text);
            case TokenKind.Identifier when !IsReserved(token.Text):
                return ParseFieldOrCall();
            default:
                Fail("GATE016", token.Start, $"Expected a value, field or function but found '{Describe(token)}'.");
                return null!;
        }
    }

    private Expr ParseList()
    {
        var start = Advance().Start;
        var items = new List<Expr>();
        while (Current.Kind != TokenKind.CloseBracket)
        {
            if (items.Count == RuleLimits.MaxListItems)
            {
                Fail("GATE036", Current.Start, $"A list holds at most {RuleLimits.MaxListItems} items.");
            }

            var outer = _inList;
            _inList = true;
            try
            {
                items.Add(ParsePrimary());
            }
            finally
            {
                _inList = outer;
            }

            if (Current.Kind != TokenKind.Comma)
            {
                break;
            }

            Advance();
        }

        Expect(TokenKind.CloseBracket, "']' or ','");
        return new ListExpr(start, items);
    }

    private Expr ParseFieldOrCall()
    {
        var first = Advance();
        var name = first.Text;
        while (Current.Kind == TokenKind.Dot)
        {
            Advance();
            name += "." + Expect(TokenKind.Identifier, "a field name after '.'").Text;
        }

        if (Current.Kind != TokenKind.OpenParen)
        {
            return new FieldExpr(first.Start, name);
        }

        Advance();
        var arguments = new List<Expr>();
        while (Current.Kind != TokenKind.CloseParen)
        {
            arguments.Add(ParseExpression());
            if (Current.Kind != TokenKind.Comma)
            {
                break;
            }

            Advance();
        }

        Expect(TokenKind.CloseParen, "')' or ','");
        return new CallExpr(first.Start, name, arguments);
    }
}
