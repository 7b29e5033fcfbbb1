using Fairdrop.Restock.Planning;

namespace Fairdrop.Restock.Rounds;

/// <summary>The keyset query that reads a round's next waiting subscriptions in its order policy, as <see cref="CandidateOrder"/> defines it.</summary>
internal static class CandidateQuery
{
    /// <summary>
    /// The next <c>@limit</c> candidates after the cursor (<paramref name="hasCursor"/>) and, with <paramref name="hasEnd"/>,
    /// up to and including the end key (<c>@endTier, @endCreated, @endId</c>): one partition's keyset range of a wave.
    /// </summary>
    public static string Sql(OrderPolicy policy, bool hasCursor, bool hasEnd = false, string columns = CandidateRow.Columns)
    {
        var where = "product_id = @productId AND status = 'active' AND expires_at > @now AND created_at <= @until";
        // Row-value comparisons, not the equivalent "a > x OR (a = x AND b > y)": both SQLite and PostgreSQL start the
        // index range at a row value, but scan an OR from the product's first subscription, so each chunk re-read every
        // subscription alerted before it (quadratic in the waitlist: at 80,000 alerted, 7.5 instead of 3.7 µs a row).
        var (after, until, order) = policy switch
        {
            OrderPolicy.NewestFirst => ("(created_at, id) < (@cursorCreated, @cursorId)", "(created_at, id) >= (@endCreated, @endId)", "created_at DESC, id DESC"),
            OrderPolicy.PriorityTiers => ("(tier, created_at, id) > (@cursorTier, @cursorCreated, @cursorId)", "(tier, created_at, id) <= (@endTier, @endCreated, @endId)", "tier, created_at, id"),
            _ => ("(created_at, id) > (@cursorCreated, @cursorId)", "(created_at, id) <= (@endCreated, @endId)", "created_at, id"),
        };
        if (hasCursor)
        {
            where += " AND " + after;
        }

        if (hasEnd)
        {
            where += " AND " + until;
        }

        return $"SELECT {columns} FROM restock_subscriptions WHERE {where} ORDER BY {order} LIMIT @limit";
    }
}
