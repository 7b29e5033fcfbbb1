namespace Fairdrop.Restock.Planning;

/// <summary>The API's and the database's names of <see cref="OrderPolicy"/>.</summary>
public static class OrderPolicyNames
{
    public static string Name(this OrderPolicy policy) => policy switch
    {
        OrderPolicy.NewestFirst => "newest_first",
        OrderPolicy.PriorityTiers => "priority_tiers",
        _ => "oldest_first",
    };

    public static bool TryParse(string? name, out OrderPolicy policy)
    {
        policy = name switch
        {
            "oldest_first" => OrderPolicy.OldestFirst,
            "newest_first" => OrderPolicy.NewestFirst,
            "priority_tiers" => OrderPolicy.PriorityTiers,
            _ => (OrderPolicy)(-1),
        };
        return (int)policy >= 0;
    }
}
