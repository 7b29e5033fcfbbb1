namespace Fairdrop.Restock.Planning;

/// <summary>The total order each <see cref="OrderPolicy"/> defines; the rounds' SQL reads subscriptions in exactly this order.</summary>
public sealed class CandidateOrder(OrderPolicy policy) : IComparer<WaveCandidate>
{
    public int Compare(WaveCandidate? x, WaveCandidate? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return policy switch
        {
            OrderPolicy.NewestFirst => Then(y.CreatedAt.ToUnixTimeMilliseconds().CompareTo(x.CreatedAt.ToUnixTimeMilliseconds()), y.SubscriptionId.CompareTo(x.SubscriptionId)),
            OrderPolicy.PriorityTiers => Then(x.Tier.CompareTo(y.Tier), Oldest(x, y)),
            _ => Oldest(x, y),
        };
    }

    private static int Oldest(WaveCandidate x, WaveCandidate y) =>
        Then(x.CreatedAt.ToUnixTimeMilliseconds().CompareTo(y.CreatedAt.ToUnixTimeMilliseconds()), x.SubscriptionId.CompareTo(y.SubscriptionId));

    private static int Then(int first, int second) => first != 0 ? first : second;
}
