using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.Testing;

/// <summary>
/// A drand HTTP relay on loopback, to drand's documented API (https://drand.love/docs/http-api/): <c>GET /{chain}/info</c>
/// (public_key, period, genesis_time, hash, groupHash, schemeID, metadata.beaconID) and <c>GET /{chain}/public/{round}</c>
/// (round, randomness, signature), a future round answering 425 Too Early and an unknown chain 404. Rounds follow the
/// system clock from a genesis a minute ago; signatures are 48 bytes (quicknet's G1 size) and randomness is their SHA-256.
/// </summary>
public sealed class FakeDrand : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);

    private FakeDrand(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public string ChainHash { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public long Genesis { get; } = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() - 60;

    public long Period { get; init; } = 1;

    /// <summary>When set, rounds come back with randomness that is not SHA-256 of their signature.</summary>
    public bool CorruptRandomness { get; set; }

    public int RoundRequests { get; private set; }

    public static async Task<FakeDrand> StartAsync(long period = 1)
    {
        var app = LoopbackApp.Create();
        FakeDrand? fake = null;
        app.MapGet("/{chain}/info", (string chain) => chain != fake!.ChainHash
            ? Results.Json(new { error = "unknown chain" }, statusCode: 404)
            : Results.Json(new Dictionary<string, object>
            {
                ["public_key"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(96)),
                ["period"] = fake.Period,
                ["genesis_time"] = fake.Genesis,
                ["hash"] = fake.ChainHash,
                ["groupHash"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
                ["schemeID"] = "bls-unchained-g1-rfc9380",
                ["metadata"] = new { beaconID = "quicknet" },
            }));
        app.MapGet("/{chain}/public/{round:long}", (string chain, long round) => fake!.Round(chain, round));
        var url = await LoopbackApp.StartAsync(app);
        fake = new FakeDrand(app, url) { Period = period };
        return fake;
    }

    public byte[] SignatureOf(long round) => HMACSHA384.HashData(_secret, BitConverter.GetBytes(round));

    private IResult Round(string chain, long round)
    {
        RoundRequests++;
        if (chain != ChainHash)
        {
            return Results.Json(new { error = "unknown chain" }, statusCode: 404);
        }

        if (round < 1 || TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() < Genesis + ((round - 1) * Period))
        {
            return Results.Json(new { error = "requested future beacon" }, statusCode: 425);
        }

        var signature = SignatureOf(round);
        var randomness = CorruptRandomness ? RandomNumberGenerator.GetBytes(32) : SHA256.HashData(signature);
        return Results.Json(new { round, randomness = Convert.ToHexStringLower(randomness), signature = Convert.ToHexStringLower(signature) });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
