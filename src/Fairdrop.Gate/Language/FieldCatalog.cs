using System.Linq.Expressions;
using Fairdrop.Gate.Engine;

namespace Fairdrop.Gate.Language;

/// <summary>The fields a rule can read, their types and how to read them from a <see cref="GateRequest"/>.</summary>
internal static class FieldCatalog
{
    public static IReadOnlyDictionary<string, (GateType Type, string Member)> Fields { get; } = new Dictionary<string, (GateType, string)>(StringComparer.Ordinal)
    {
        ["method"] = (GateType.String, nameof(GateRequest.Method)),
        ["path"] = (GateType.String, nameof(GateRequest.Path)),
        ["host"] = (GateType.String, nameof(GateRequest.Host)),
        ["user_agent"] = (GateType.String, nameof(GateRequest.UserAgent)),
        ["ip"] = (GateType.Ip, nameof(GateRequest.ClientIp)),
        ["action"] = (GateType.String, nameof(GateRequest.Action)),
        ["product.id"] = (GateType.String, nameof(GateRequest.ProductId)),
        ["product.limited"] = (GateType.Bool, nameof(GateRequest.ProductLimited)),
        ["customer.id"] = (GateType.String, nameof(GateRequest.CustomerId)),
        ["customer.age"] = (GateType.Duration, nameof(GateRequest.CustomerAgeMilliseconds)),
        ["customer.orders"] = (GateType.Number, nameof(GateRequest.CustomerOrders)),
        ["session.id"] = (GateType.String, nameof(GateRequest.SessionId)),
        ["device.id"] = (GateType.String, nameof(GateRequest.DeviceId)),
    };

    public static IReadOnlyList<string> Functions { get; } = ["since_last", "count", "distinct", "header", "query", "cookie"];

    public static IReadOnlyList<string> IdentityNames { get; } = ["customer", "session", "ip", "device"];

    public static IEnumerable<string> AllNames => Fields.Keys.Concat(Functions).Concat(IdentityNames);

    public static Expression Read(ParameterExpression request, string member) => Expression.Property(request, member);
}
