using Fairdrop.Gate.Decisions;

namespace Fairdrop.Gate.Recommendations.Labels;

/// <summary>
/// Who a labelled "shopper" is in the decision log: the customer id when signed in, else the session, else the address
/// (prefixed, so the three never collide). Labels and impact are counted per shopper.
/// </summary>
public static class ShopperKey
{
    public static string Of(DecisionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Of(record.CustomerId, record.SessionId, record.Ip);
    }

    public static string Of(string customer, string session, string? ip) =>
        customer.Length > 0 ? customer : session.Length > 0 ? "session:" + session : "ip:" + (ip ?? "-");
}
