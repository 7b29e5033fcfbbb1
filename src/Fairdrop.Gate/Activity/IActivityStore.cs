namespace Fairdrop.Gate.Activity;

/// <summary>
/// Where the gate keeps what each identity did. One call per request: answer the rule set's
/// queries as of just before this request, then record it, atomically per identity so two
/// concurrent requests of one shopper see each other. Async so a shared store (Redis) fits.
/// </summary>
public interface IActivityStore
{
    /// <param name="identities">The request's identities; absent ones (0) are neither queried nor recorded.</param>
    /// <param name="actionId">The request's action, from <see cref="StableHash.Action"/>.</param>
    /// <param name="nowMilliseconds">Unix time of the request in milliseconds.</param>
    /// <param name="queries">The rule set's distinct queries.</param>
    /// <param name="results">One slot per query, filled in.</param>
    /// <param name="cancellationToken">Stops a remote store's round trip.</param>
    ValueTask ObserveAsync(Identities identities, int actionId, long nowMilliseconds, IReadOnlyList<ActivityQuery> queries, long[] results, CancellationToken cancellationToken);

    /// <summary>
    /// As the other overload, but only the slots flagged in <paramref name="wanted"/> need an answer
    /// (the others are read by no rule this time); the request is recorded all the same. A store
    /// may answer every slot: by default it does.
    /// </summary>
    ValueTask ObserveAsync(Identities identities, int actionId, long nowMilliseconds, IReadOnlyList<ActivityQuery> queries, bool[] wanted, long[] results, CancellationToken cancellationToken) =>
        ObserveAsync(identities, actionId, nowMilliseconds, queries, results, cancellationToken);

    /// <summary>
    /// As the overload with <paramref name="wanted"/>, for a caller whose every query comes from one rule set:
    /// the store may record only what <paramref name="interest"/> (that rule set's) says some query can read,
    /// so a pair asked for the first time after a reload has history from then on (ADR 0008). By default it records everything.
    /// </summary>
    ValueTask ObserveAsync(Identities identities, int actionId, long nowMilliseconds, IReadOnlyList<ActivityQuery> queries, bool[] wanted, long[] results, ActivityInterest interest, CancellationToken cancellationToken) =>
        ObserveAsync(identities, actionId, nowMilliseconds, queries, wanted, results, cancellationToken);

    /// <summary>
    /// True when the store records only what an <see cref="ActivityInterest"/> asks for (ADR 0008): then a request
    /// that no rule can match and whose action no query counts needs no call at all. A store that records everything
    /// (so that history is there when new rules ask) must see every request: by default it does.
    /// </summary>
    bool RecordsOnlyInterest => false;

    /// <summary>
    /// A hint, before <see cref="ObserveAsync(Identities, int, long, IReadOnlyList{ActivityQuery}, bool[], long[], CancellationToken)"/>,
    /// that these identities are about to be observed: a store in memory may start fetching them so
    /// the wait overlaps the caller's own work. Decides nothing; by default it does nothing.
    /// </summary>
    void Prefetch(Identities identities)
    {
    }

    /// <summary>As <see cref="Prefetch(Identities)"/>, for a caller whose queries come from one rule set: only the kinds <paramref name="interest"/> can touch need fetching.</summary>
    void Prefetch(Identities identities, ActivityInterest interest) => Prefetch(identities);
}
