using Dapper;

namespace Fairdrop.Mailboxes.Ranges;

/// <summary>
/// The one place ranges become SQL: <c>(m.at BETWEEN @r0f AND @r0t OR ...)</c> over disjoint intervals, or a predicate
/// that is never true when there is none. Every content query of <see cref="Storage.MessageStore"/> starts from it, so
/// no operation can forget it; with the (account_id, at) index each interval is an index range, not a filter after the fact.
/// </summary>
internal sealed class RangePredicate
{
    private RangePredicate(string sql, IReadOnlyList<Interval> intervals)
    {
        Sql = sql;
        Intervals = intervals;
    }

    public string Sql { get; }

    public IReadOnlyList<Interval> Intervals { get; }

    public bool IsEmpty => Intervals.Count == 0;

    /// <summary>No predicate at all: the baseline of the benchmark and the IMAP sync (a system process, not a mailbox user).</summary>
    public static RangePredicate Unrestricted { get; } = new("1 = 1", [new Interval(long.MinValue, long.MaxValue)]);

    public static RangePredicate For(IReadOnlyList<Interval> intervals)
    {
        var normalized = Interval.Normalize(intervals);
        if (normalized.Count == 0)
        {
            return new RangePredicate("1 = 0", normalized);
        }

        var parts = normalized.Select((_, i) => $"m.at BETWEEN @r{i}f AND @r{i}t");
        return new RangePredicate("(" + string.Join(" OR ", parts) + ")", normalized);
    }

    /// <summary>
    /// The predicate split by interval, oldest first, for newest-first pages and counts: one index range scan per interval
    /// beats one OR, which makes the database sort (or filter) every row of the account.
    /// </summary>
    public IReadOnlyList<string> Branches => ReferenceEquals(this, Unrestricted) || Intervals.Count <= 1
        ? [Sql]
        : Intervals.Select((_, i) => $"m.at BETWEEN @r{i}f AND @r{i}t").ToList();

    public bool Contains(long at) => Intervals.Any(i => i.Contains(at));

    /// <summary>Adds the interval bounds to <paramref name="parameters"/>.</summary>
    public DynamicParameters Bind(DynamicParameters parameters)
    {
        if (ReferenceEquals(this, Unrestricted))
        {
            return parameters;
        }

        for (var i = 0; i < Intervals.Count; i++)
        {
            parameters.Add($"r{i}f", Intervals[i].From);
            parameters.Add($"r{i}t", Intervals[i].To);
        }

        return parameters;
    }
}
