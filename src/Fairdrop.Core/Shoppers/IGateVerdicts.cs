namespace Fairdrop.Core.Shoppers;

/// <summary>
/// What the gate recently decided about a shopper, read by drops so that a shopper the gate blocked or challenged enters
/// a drop as a suspected bot, with the rule as the evidence, without the merchant's backend passing it along. The gate
/// implements it; without the gate nobody has verdicts (<see cref="NoGateVerdicts"/>).
/// </summary>
public interface IGateVerdicts
{
    /// <summary>The latest block or challenge of this shopper by the merchant's gate since <paramref name="since"/>, if any.</summary>
    Task<GateVerdict?> LatestAsync(Guid merchantId, string shopperId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="LatestAsync(Guid, string, DateTimeOffset, CancellationToken)"/> for many shoppers at once (a spike of
    /// drop entries asks in batches): only the shoppers with a verdict are in the answer.
    /// </summary>
    async Task<IReadOnlyDictionary<string, GateVerdict>> LatestAsync(Guid merchantId, IReadOnlyCollection<string> shopperIds, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, GateVerdict>(StringComparer.Ordinal);
        foreach (var shopperId in shopperIds)
        {
            if (await LatestAsync(merchantId, shopperId, since, cancellationToken) is { } verdict)
            {
                found[shopperId] = verdict;
            }
        }

        return found;
    }
}

/// <summary>A gate verdict on a shopper: <c>block</c> or <c>challenge</c>, the rule that decided it, and when.</summary>
public sealed record GateVerdict(string Decision, string? Rule, DateTimeOffset At);

/// <summary>No gate in this host: no verdicts.</summary>
public sealed class NoGateVerdicts : IGateVerdicts
{
    public Task<GateVerdict?> LatestAsync(Guid merchantId, string shopperId, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult<GateVerdict?>(null);
}
