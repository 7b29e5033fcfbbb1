using System.Security.Cryptography;
using Fairdrop.Drops.Beacons;

namespace Fairdrop.Drops.Tests.Sealing;

/// <summary>
/// A beacon on the test clock: round r exists once the clock reaches its emission time; its "signature" is 48 bytes
/// derived from a secret and the round (as long as drand's G1 signatures), its randomness SHA-256 of that, as drand's is.
/// </summary>
internal sealed class FakeBeacon(TimeProvider time, BeaconChain chain) : IRandomnessBeacon
{
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);

    public int Fetches { get; private set; }

    public bool Down { get; set; }

    public Task<BeaconChain?> ChainAsync(CancellationToken cancellationToken) => Task.FromResult<BeaconChain?>(chain);

    public Task<BeaconRound?> RoundAsync(BeaconChain asked, long round, CancellationToken cancellationToken)
    {
        Fetches++;
        if (Down || time.GetUtcNow() < chain.EmittedAt(round))
        {
            return Task.FromResult<BeaconRound?>(null);
        }

        var signature = Signature(round);
        return Task.FromResult<BeaconRound?>(new BeaconRound(round, SHA256.HashData(signature), signature));
    }

    public byte[] Signature(long round) => HMACSHA384.HashData(_secret, BitConverter.GetBytes(round));

    /// <summary>A chain whose rounds come every <paramref name="periodSeconds"/> from an hour before <paramref name="now"/>.</summary>
    public static BeaconChain ChainAround(DateTimeOffset now, long periodSeconds = 3) =>
        new(Convert.ToHexStringLower(SHA256.HashData("fake chain"u8)), now.ToUnixTimeSeconds() - 3600, periodSeconds);
}
