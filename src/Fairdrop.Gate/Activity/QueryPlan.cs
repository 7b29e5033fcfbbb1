namespace Fairdrop.Gate.Activity;

/// <summary>A rule set's queries grouped by the identity they ask about, with their answers when nothing is known.</summary>
internal sealed class QueryPlan
{
    public static readonly QueryPlan Empty = new([]);

    public QueryPlan(IReadOnlyList<ActivityQuery> queries)
    {
        Source = queries;
        All = [.. queries.Select(_ => true)];
        Defaults = [.. queries.Select(q => q.Function == ActivityFunction.SinceLast ? long.MaxValue : 0)];
        var planned = queries.Select((q, slot) => new PlannedQuery(slot, q.Function, q.ActionId, q.WindowMilliseconds, q.Other, q.Identity)).ToList();
        Customer = [.. planned.Where(q => q.Identity == IdentityKind.Customer)];
        Session = [.. planned.Where(q => q.Identity == IdentityKind.Session)];
        Ip = [.. planned.Where(q => q.Identity == IdentityKind.Ip)];
        Device = [.. planned.Where(q => q.Identity == IdentityKind.Device)];
    }

    public IReadOnlyList<ActivityQuery> Source { get; }

    public long[] Defaults { get; }

    /// <summary>Every slot wanted: for callers that do not say which.</summary>
    public bool[] All { get; }

    public PlannedQuery[] Customer { get; }

    public PlannedQuery[] Session { get; }

    public PlannedQuery[] Ip { get; }

    public PlannedQuery[] Device { get; }
}
