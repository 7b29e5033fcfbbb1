using System.Linq.Expressions;
using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Language.Syntax;

namespace Fairdrop.Gate.Language;

/// <summary>The binder's checks of arguments (arity, literals, identities, windows, actions) and its diagnostics.</summary>
internal sealed partial class RuleBinder
{
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
