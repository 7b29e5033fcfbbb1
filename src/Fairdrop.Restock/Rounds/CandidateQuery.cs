using Fairdrop.Restock.Planning;

namespace Fairdrop.Restock.Rounds;

/// <summary>The keyset query that reads a round's next waiting subscriptions in its order policy, as <see cref="CandidateOrder"/> defines it.</summary>
internal static class CandidateQuery
{
    public static string Sql(OrderPolicy policy, bool hasCursor)
    {
        var where = "product_id = @productId AND status = 'active' AND expires_at > @now AND created_at <= @until";
        var (after, order) = policy switch
        {
            OrderPolicy.NewestFirst => ("(created_at < @cursorCreated OR (created_at = @cursorCreated AND id < @cursorId))", "created_at DESC, id DESC"),
            OrderPolicy.PriorityTiers => (
                "(tier > @cursorTier OR (tier = @cursorTier AND (created_at > @cursorCreated OR (created_at = @cursorCreated AND id > @cursorId))))",
                "tier, created_at, id"),
            _ => ("(created_at > @cursorCreated OR (created_at = @cursorCreated AND id > @cursorId))", "created_at, id"),
        };
        if (hasCursor)
        {
            where += " AND " + after;
        }

        return $"SELECT {CandidateRow.Columns} FROM restock_subscriptions WHERE {where} ORDER BY {order} LIMIT @limit";
    }
}
