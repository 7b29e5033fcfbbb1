using System.Linq.Expressions;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Language.Syntax;

namespace Fairdrop.Gate.Language;

/// <summary>
/// The type checker: gives every expression a type, reports mismatches where they are written,
/// and emits the expression tree that <see cref="RuleCompiler"/> compiles to a delegate.
/// Activity functions become slots in <see cref="GateRequest.Activity"/>, filled before the rules run.
/// </summary>
internal sealed class RuleBinder(CompileContext context, DiagnosticBag diagnostics, ParameterExpression request)
{
    private static readonly System.Reflection.MethodInfo StringEquals = typeof(string).GetMethod(nameof(string.Equals), [typeof(string), typeof(string)])!;

    private List<int>? _usedSlots;
    private int _regexes;

    public List<ActivityQuery> Queries { get; } = [];

    /// <summary>
    /// Binds a rule's condition as its top-level <c>and</c> conjuncts, split in two: the guard (no
    /// activity function: fields, regexes, lists) and the rest (reads activity). The engine runs the
    /// guard first and asks the store only for the slots of rules whose guard held; conjuncts are
    /// pure, so the split decides exactly what the whole condition decides.
    /// </summary>
    public BoundCondition BindCondition(Expr condition)
    {
        var conjuncts = new List<Expr>();
        Flatten(condition, conjuncts);
        Expression? guard = null;
        Expression? rest = null;
        var slots = new SortedSet<int>();
        var ok = true;
        foreach (var conjunct in conjuncts)
        {
            var used = new List<int>();
            _usedSlots = used;
            var bound = Bind(conjunct);
            _usedSlots = null;
            if (conjuncts.Count == 1)
            {
                return new BoundCondition(bound, used.Count == 0 ? bound.Tree : null, used.Count == 0 ? null : bound.Tree, [.. used.Distinct().Order()]) { RequiredAction = RequiredAction(conjuncts) };
            }

            // As 'a and b' reports each side that is not a condition, at its start.
            if (!Require(bound, GateType.Bool, conjunct.Start, "'and' joins conditions"))
            {
                ok = false;
                continue;
            }

            if (used.Count == 0)
            {
                guard = guard is null ? bound.Tree! : Expression.AndAlso(guard, bound.Tree!);
            }
            else
            {
                rest = rest is null ? bound.Tree! : Expression.AndAlso(rest, bound.Tree!);
                slots.UnionWith(used);
            }
        }

        return ok ? new BoundCondition(new Bound(GateType.Bool, Whole(guard, rest)), guard, rest, [.. slots]) { RequiredAction = RequiredAction(conjuncts) } : new BoundCondition(Bound.Error, null, null, []);
    }

    /// <summary>The action of a top-level <c>action == "x"</c> conjunct (either way round): the rule cannot match any other action.</summary>
    private static string? RequiredAction(List<Expr> conjuncts)
    {
        foreach (var conjunct in conjuncts)
        {
            var action = conjunct switch
            {
                BinaryExpr { Operator: "==", Left: FieldExpr { Name: "action" }, Right: LiteralExpr { Kind: TokenKind.String, Value: string right } } => right,
                BinaryExpr { Operator: "==", Left: LiteralExpr { Kind: TokenKind.String, Value: string left }, Right: FieldExpr { Name: "action" } } => left,
                _ => null,
            };
            if (action is not null)
            {
                return action;
            }
        }

        return null;
    }

    private static void Flatten(Expr expr, List<Expr> conjuncts)
    {
        if (expr is BinaryExpr { Operator: "and" } and)
        {
            Flatten(and.Left, conjuncts);
            Flatten(and.Right, conjuncts);
        }
        else
        {
            conjuncts.Add(expr);
        }
    }

    private static Expression Whole(Expression? guard, Expression? rest) =>
        guard is null ? rest! : rest is null ? guard : Expression.AndAlso(guard, rest);

    public Bound Bind(Expr expr)
    {
        // The parser's limits keep trees shallow; this is the backstop for a thread with a small stack.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            diagnostics.Error("GATE038", expr.Start, "The expression is too complex to check; split it into several rules.");
            return Bound.Error;
        }

        return BindNode(expr);
    }

    private Bound BindNode(Expr expr) => expr switch
    {
        LiteralExpr literal => BindLiteral(literal),
        FieldExpr field => BindField(field),
        CallExpr call => BindCall(call),
        NotExpr not => BindNot(not),
        BinaryExpr { Operator: "and" or "or" } logical => BindLogical(logical),
        BinaryExpr { Operator: "in" or "not in" } member => BindIn(member),
        BinaryExpr { Operator: "matches" } match => BindMatches(match),
        BinaryExpr comparison => BindComparison(comparison),
        ListExpr list => Fail(list.Start, "A list can only follow 'in', as in: method in [\"POST\", \"PUT\"]."),
        _ => Fail(expr.Start, "Unsupported expression."),
    };

    private static Bound BindLiteral(LiteralExpr literal) => literal.Kind switch
    {
        TokenKind.Number => new Bound(GateType.Number, Expression.Constant((double)literal.Value), literal.Value),
        TokenKind.Duration => new Bound(GateType.Duration, Expression.Constant((long)((TimeSpan)literal.Value).TotalMilliseconds), literal.Value),
        TokenKind.String => new Bound(GateType.String, Expression.Constant((string)literal.Value), literal.Value),
        TokenKind.Ip => new Bound(GateType.IpList, Expression.Constant(new IpList([(IPNetwork)literal.Value])), literal.Value),
        _ => new Bound(GateType.Bool, Expression.Constant((bool)literal.Value), literal.Value),
    };

    private Bound BindField(FieldExpr field)
    {
        if (FieldCatalog.Fields.TryGetValue(field.Name, out var known))
        {
            return new Bound(known.Type, FieldCatalog.Read(request, known.Member));
        }

        if (FieldCatalog.IdentityNames.Contains(field.Name))
        {
            return Fail(field.Start, $"'{field.Name}' is an identity: use it in an activity function, as in count(\"checkout\", {field.Name}, 1m), or read '{field.Name}.id'.");
        }

        return Fail(field.Start, $"Unknown field '{field.Name}'.", Suggest.Nearest(field.Name, FieldCatalog.AllNames));
    }

    private Bound BindCall(CallExpr call)
    {
        switch (call.Name)
        {
            case "header" or "query" or "cookie":
                if (!Arity(call, 1) || StringLiteral(call.Arguments[0], "a name") is not { } name)
                {
                    return Bound.Error;
                }

                var method = call.Name switch { "header" => nameof(GateRequest.Header), "query" => nameof(GateRequest.Query), _ => nameof(GateRequest.Cookie) };
                return new Bound(GateType.String, Expression.Call(request, typeof(GateRequest).GetMethod(method, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!, Expression.Constant(name)));
            case "since_last":
                if (!Arity(call, 2) || StringLiteral(call.Arguments[0], "an action name") is not { } lastAction || Identity(call.Arguments[1]) is not { } lastWho)
                {
                    return Bound.Error;
                }

                CheckAction(call.Arguments[0], lastAction);
                return new Bound(GateType.Duration, Slot(new ActivityQuery(ActivityFunction.SinceLast, lastWho, lastAction, context.Horizon)));
            case "count":
                if (!Arity(call, 3) || StringLiteral(call.Arguments[0], "an action name") is not { } countAction || Identity(call.Arguments[1]) is not { } countWho
                    || Window(call.Arguments[2]) is not { } countWindow)
                {
                    return Bound.Error;
                }

                CheckAction(call.Arguments[0], countAction);
                return new Bound(GateType.Number, Expression.Convert(Slot(new ActivityQuery(ActivityFunction.Count, countWho, countAction, countWindow)), typeof(double)));
            case "distinct":
                if (!Arity(call, 3) || Identity(call.Arguments[0]) is not { } who || Identity(call.Arguments[1]) is not { } other || Window(call.Arguments[2]) is not { } window)
                {
                    return Bound.Error;
                }

                if (who == other)
                {
                    return Fail(call.Arguments[1].Start, "distinct() counts identities of another kind, such as distinct(ip, customer, 10m).");
                }

                return new Bound(GateType.Number, Expression.Convert(Slot(new ActivityQuery(ActivityFunction.Distinct, who, string.Empty, window, other)), typeof(double)));
            default:
                return Fail(call.Start, $"Unknown function '{call.Name}'.", Suggest.Nearest(call.Name, FieldCatalog.Functions));
        }
    }

    private Bound BindNot(NotExpr not)
    {
        var operand = Bind(not.Operand);
        return Require(operand, GateType.Bool, not.Operand.Start, "'not' applies to a condition") ? new Bound(GateType.Bool, Expression.Not(operand.Tree!)) : Bound.Error;
    }

    private Bound BindLogical(BinaryExpr logical)
    {
        var left = Bind(logical.Left);
        var right = Bind(logical.Right);
        var ok = Require(left, GateType.Bool, logical.Left.Start, $"'{logical.Operator}' joins conditions")
            & Require(right, GateType.Bool, logical.Right.Start, $"'{logical.Operator}' joins conditions");
        if (!ok)
        {
            return Bound.Error;
        }

        return new Bound(GateType.Bool, logical.Operator == "and" ? Expression.AndAlso(left.Tree!, right.Tree!) : Expression.OrElse(left.Tree!, right.Tree!));
    }

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

    private Expression Slot(ActivityQuery query)
    {
        var index = Queries.IndexOf(query);
        if (index < 0)
        {
            index = Queries.Count;
            Queries.Add(query);
        }

        _usedSlots?.Add(index);

        return Expression.ArrayIndex(Expression.Field(request, nameof(GateRequest.Activity)), Expression.Constant(index));
    }

    private bool Arity(CallExpr call, int count)
    {
        if (call.Arguments.Count == count)
        {
            return true;
        }

        Fail(call.Start, $"'{call.Name}' takes {count} argument{(count == 1 ? string.Empty : "s")}, not {call.Arguments.Count}.");
        return false;
    }

    private string? StringLiteral(Expr expr, string what)
    {
        if (expr is LiteralExpr { Kind: TokenKind.String, Value: string text })
        {
            return text;
        }

        Fail(expr.Start, $"Expected {what} in quotes.");
        return null;
    }

    private IdentityKind? Identity(Expr expr)
    {
        var name = expr is FieldExpr field ? field.Name : null;
        IdentityKind? kind = name switch
        {
            "customer" => IdentityKind.Customer,
            "session" => IdentityKind.Session,
            "ip" => IdentityKind.Ip,
            "device" => IdentityKind.Device,
            _ => null,
        };
        if (kind is null)
        {
            Fail(expr.Start, "Expected an identity: customer, session, ip or device.", name is null ? null : Suggest.Nearest(name, FieldCatalog.IdentityNames));
        }

        return kind;
    }

    private TimeSpan? Window(Expr expr)
    {
        if (expr is not LiteralExpr { Kind: TokenKind.Duration, Value: TimeSpan window })
        {
            Fail(expr.Start, "Expected a window duration, such as 1m.");
            return null;
        }

        if (window <= TimeSpan.Zero || window > context.Horizon)
        {
            Fail(expr.Start, $"The window must be above 0 and at most the activity horizon ({context.Horizon}).");
            return null;
        }

        return window;
    }

    private void CheckAction(Expr expr, string action)
    {
        if (!context.KnownActions.Contains(action))
        {
            diagnostics.Warning("GATE021", expr.Start, $"No route maps to the action '{action}', so this never counts anything.", Suggest.Nearest(action, context.KnownActions));
        }
    }

    private bool Require(Bound bound, GateType type, int offset, string why)
    {
        if (bound.Type == type)
        {
            return true;
        }

        if (bound.Type != GateType.Error)
        {
            Fail(offset, $"Expected {Name(type)} here ({why}) but this is {Name(bound.Type)}.");
        }

        return false;
    }

    private Bound Fail(int offset, string message, string? suggestion = null)
    {
        diagnostics.Error("GATE020", offset, message, suggestion);
        return Bound.Error;
    }

    private static string Name(GateType type) => type switch
    {
        GateType.Bool => "a condition",
        GateType.Number => "a number",
        GateType.Duration => "a duration",
        GateType.String => "text",
        GateType.Ip or GateType.IpList => "an IP address",
        _ => type.ToString().ToLowerInvariant(),
    };
}
