using System.Linq.Expressions;
using System.Net;
using Fairdrop.Gate.Language.Syntax;

namespace Fairdrop.Gate.Language;

/// <summary>The binder's comparison operators: ordering and equality, <c>in</c> lists (strings, IP ranges) and <c>matches</c>.</summary>
internal sealed partial class RuleBinder
{
    private Bound BindComparison(BinaryExpr comparison)
    {
        var left = Bind(comparison.Left);
        var right = Bind(comparison.Right);
        if (left.Type == GateType.Error || right.Type == GateType.Error)
        {
            return Bound.Error;
        }

        var op = comparison.Operator;
        if (left.Type == GateType.Ip && right.Type == GateType.IpList && op is "==" or "!=")
        {
            var contains = Expression.Call(right.Tree!, nameof(IpList.Contains), null, left.Tree!);
            return new Bound(GateType.Bool, op == "==" ? contains : Expression.Not(contains));
        }

        if (left.Type != right.Type)
        {
            var hint = (left.Type, right.Type) is (GateType.Duration, GateType.Number) or (GateType.Number, GateType.Duration)
                ? " Write durations with a unit, such as 500ms, 1s, 5m."
                : string.Empty;
            return Fail(comparison.OperatorStart, $"Cannot compare {Name(left.Type)} with {Name(right.Type)}.{hint}");
        }

        var ordered = left.Type is GateType.Number or GateType.Duration;
        if (!ordered && op is not ("==" or "!="))
        {
            return Fail(comparison.OperatorStart, $"'{op}' needs numbers or durations; {Name(left.Type)} values compare with == and !=.");
        }

        if (left.Type is GateType.IpList or GateType.Ip)
        {
            return Fail(comparison.OperatorStart, "Compare 'ip' with an address or range: ip == 10.0.0.1, ip in [10.0.0.0/8].");
        }

        Expression tree = op switch
        {
            "==" when left.Type == GateType.String => Expression.Call(StringEquals, left.Tree!, right.Tree!),
            "!=" when left.Type == GateType.String => Expression.Not(Expression.Call(StringEquals, left.Tree!, right.Tree!)),
            "==" => Expression.Equal(left.Tree!, right.Tree!),
            "!=" => Expression.NotEqual(left.Tree!, right.Tree!),
            "<" => Expression.LessThan(left.Tree!, right.Tree!),
            "<=" => Expression.LessThanOrEqual(left.Tree!, right.Tree!),
            ">" => Expression.GreaterThan(left.Tree!, right.Tree!),
            _ => Expression.GreaterThanOrEqual(left.Tree!, right.Tree!),
        };
        return new Bound(GateType.Bool, tree);
    }

    private Bound BindIn(BinaryExpr member)
    {
        var left = Bind(member.Left);
        if (left.Type == GateType.Error)
        {
            return Bound.Error;
        }

        Expression? contains = null;
        if (member.Right is not ListExpr list)
        {
            var right = Bind(member.Right);
            if (left.Type == GateType.Ip && right.Type == GateType.IpList)
            {
                contains = Expression.Call(right.Tree!, nameof(IpList.Contains), null, left.Tree!);
            }
            else if (right.Type != GateType.Error)
            {
                return Fail(member.Right.Start, "'in' takes a list, as in: action in [\"checkout\", \"login\"].");
            }
        }
        else if (left.Type == GateType.Ip)
        {
            contains = IpListOf(list) is { } ips ? Expression.Call(Expression.Constant(ips), nameof(IpList.Contains), null, left.Tree!) : null;
        }
        else if (left.Type == GateType.String)
        {
            contains = StringSetOf(list) is { } set ? Expression.Call(Expression.Constant(set), nameof(HashSet<string>.Contains), null, left.Tree!) : null;
        }
        else
        {
            return Fail(member.OperatorStart, $"'in' works on strings and ip, not on {Name(left.Type)}.");
        }

        return contains is null ? Bound.Error : new Bound(GateType.Bool, member.Operator == "in" ? contains : Expression.Not(contains));
    }

    private Bound BindMatches(BinaryExpr match)
    {
        var left = Bind(match.Left);
        if (!Require(left, GateType.String, match.Left.Start, "'matches' applies to text") || StringLiteral(match.Right, "a regular expression in quotes") is not { } pattern)
        {
            return Bound.Error;
        }

        // Building a matcher is the costliest step of a check, so their number and size are bounded.
        if (pattern.Length > RuleLimits.MaxRegexLength)
        {
            diagnostics.Error("GATE035", match.Right.Start, $"A regular expression holds at most {RuleLimits.MaxRegexLength} characters.");
            return Bound.Error;
        }

        if (++_regexes > RuleLimits.MaxRegexes)
        {
            diagnostics.Error("GATE034", match.Right.Start, $"A rule file holds at most {RuleLimits.MaxRegexes} regular expressions ('matches').");
            return Bound.Error;
        }

        var regex = SafeRegex.TryCreate(pattern, context.RegexTimeout, out var error);
        if (regex is null)
        {
            return Fail(match.Right.Start, error!);
        }

        return new Bound(GateType.Bool, Expression.Call(Expression.Constant(new RegexMemo(regex)), nameof(RegexMemo.IsMatch), null, left.Tree!));
    }

    private IpList? IpListOf(ListExpr list)
    {
        var networks = new List<IPNetwork>();
        foreach (var item in list.Items)
        {
            switch (item)
            {
                case LiteralExpr { Kind: TokenKind.Ip, Value: IPNetwork network }:
                    networks.Add(network);
                    break;
                case LiteralExpr { Kind: TokenKind.String, Value: string text } when IpList.TryParse(text, out var parsed):
                    networks.Add(parsed);
                    break;
                default:
                    Fail(item.Start, "Expected an IP address or CIDR range, such as 10.0.0.0/8 or \"2001:db8::/32\".");
                    return null;
            }
        }

        return new IpList(networks);
    }

    private HashSet<string>? StringSetOf(ListExpr list)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            if (item is not LiteralExpr { Kind: TokenKind.String, Value: string text })
            {
                Fail(item.Start, "Expected a string in quotes.");
                return null;
            }

            set.Add(text);
        }

        return set;
    }
}
