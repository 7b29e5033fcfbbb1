namespace Fairdrop.Drops.Beacons;

/// <summary>
/// A drand chain as a drop records it at creation: its hash, genesis time (seconds since 1970) and period (seconds).
/// Round r is emitted at genesis + (r − 1) × period, so which round a sealed scope uses follows from public data.
/// </summary>
public sealed record BeaconChain(string Hash, long GenesisTime, long PeriodSeconds)
{
    /// <summary>The first round emitted strictly after <paramref name="sealedAt"/>: nobody can know its value when the scope is sealed.</summary>
    public long RoundAfter(DateTimeOffset sealedAt)
    {
        var sinceGenesisMs = sealedAt.ToUnixTimeMilliseconds() - GenesisTime * 1000;
        return sinceGenesisMs < 0 ? 1 : (sinceGenesisMs / (PeriodSeconds * 1000)) + 2;
    }

    public DateTimeOffset EmittedAt(long round) => DateTimeOffset.FromUnixTimeSeconds(GenesisTime + ((round - 1) * PeriodSeconds));
}

/// <summary>One beacon round: its randomness (SHA-256 of the signature) and the threshold BLS signature it comes from.</summary>
internal sealed record BeaconRound(long Round, byte[] Randomness, byte[] Signature);
