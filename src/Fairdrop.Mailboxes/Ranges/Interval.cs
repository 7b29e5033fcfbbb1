namespace Fairdrop.Mailboxes.Ranges;

/// <summary>A closed interval of instants in UTC Unix milliseconds, both ends inclusive: <c>From &lt;= at &lt;= To</c>.</summary>
internal readonly record struct Interval(long From, long To)
{
    public bool Contains(long at) => From <= at && at <= To;

    /// <summary>Sorted, overlapping or touching intervals merged, empty ones dropped: the disjoint set a predicate is built from.</summary>
    public static IReadOnlyList<Interval> Normalize(IEnumerable<Interval> intervals)
    {
        var sorted = intervals.Where(i => i.From <= i.To).OrderBy(i => i.From).ToList();
        var merged = new List<Interval>(sorted.Count);
        foreach (var next in sorted)
        {
            if (merged.Count > 0 && next.From <= SaturatingIncrement(merged[^1].To))
            {
                merged[^1] = merged[^1] with { To = Math.Max(merged[^1].To, next.To) };
            }
            else
            {
                merged.Add(next);
            }
        }

        return merged;
    }

    private static long SaturatingIncrement(long value) => value == long.MaxValue ? value : value + 1;
}
