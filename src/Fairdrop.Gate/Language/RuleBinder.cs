using System.Linq.Expressions;
using System.Net;
using System.Runtime.CompilerServices;
using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Language.Syntax;

namespace Fairdrop.Gate.Language;

/// <summary>
/// The type checker: gives every expression a type, reports mismatches where they are written,
/// and emits the expression tree that <see cref="RuleCompiler"/> compiles to a delegate.
/// Activity functions become slots in <see cref="GateRequest.Activity"/>, filled before the rules run.
/// </summary>
internal sealed partial class RuleBinder(CompileContext context, DiagnosticBag diagnostics, ParameterExpression request)
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
}
