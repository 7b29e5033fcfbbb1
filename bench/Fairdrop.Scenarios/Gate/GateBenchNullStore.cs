using Fairdrop.Gate.Activity;

namespace Fairdrop.Scenarios.Gate;

/// <summary>A store that knows nothing and records nothing: what the rules cost without the store, for <c>bench gate --breakdown</c>.</summary>
internal sealed class GateBenchNullStore : IActivityStore
{
    public ValueTask ObserveAsync(Identities identities, int actionId, long nowMilliseconds, IReadOnlyList<ActivityQuery> queries, long[] results, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;
}
