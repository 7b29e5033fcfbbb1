namespace Fairdrop.Drops.Beacons;

/// <summary>A public randomness beacon: drand over HTTP, or none (drops then run in the weaker commitment mode).</summary>
internal interface IRandomnessBeacon
{
    /// <summary>The chain new drops record, or null when no beacon is configured.</summary>
    Task<BeaconChain?> ChainAsync(CancellationToken cancellationToken);

    /// <summary>The round, or null while it is not emitted yet or the beacon cannot be reached (the caller tries again later).</summary>
    Task<BeaconRound?> RoundAsync(BeaconChain chain, long round, CancellationToken cancellationToken);
}

/// <summary>No beacon configured.</summary>
internal sealed class NoBeacon : IRandomnessBeacon
{
    public Task<BeaconChain?> ChainAsync(CancellationToken cancellationToken) => Task.FromResult<BeaconChain?>(null);

    public Task<BeaconRound?> RoundAsync(BeaconChain chain, long round, CancellationToken cancellationToken) => Task.FromResult<BeaconRound?>(null);
}
