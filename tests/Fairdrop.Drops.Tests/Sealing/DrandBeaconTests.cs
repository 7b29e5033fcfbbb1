using System.Security.Cryptography;
using Fairdrop.Drops.Beacons;
using Fairdrop.Drops.Entries;
using Fairdrop.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fairdrop.Drops.Tests.Sealing;

/// <summary>The drand adapter against a relay that follows drand's HTTP API, on loopback.</summary>
public sealed class DrandBeaconTests : IAsyncLifetime
{
    private FakeDrand _drand = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _drand = await FakeDrand.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_drand.Url + "/") };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _drand.DisposeAsync();
    }

    [Fact]
    public async Task Chain_ReadsGenesisAndPeriod_AndARoundAlreadyEmitted_ComesWithRandomnessFromItsSignature()
    {
        var beacon = Beacon(_drand.ChainHash);

        var chain = (await beacon.ChainAsync(CancellationToken.None))!;
        var round = (await beacon.RoundAsync(chain, 10, CancellationToken.None))!;

        Assert.Equal((_drand.ChainHash, _drand.Genesis, 1L), (chain.Hash, chain.GenesisTime, chain.PeriodSeconds));
        Assert.Equal(_drand.SignatureOf(10), round.Signature);
        Assert.Equal(SHA256.HashData(round.Signature), round.Randomness);
    }

    [Fact]
    public async Task FutureRound_CorruptRound_AndUnreachableRelay_AreNull_NotErrors()
    {
        var beacon = Beacon(_drand.ChainHash);
        var chain = (await beacon.ChainAsync(CancellationToken.None))!;

        var future = await beacon.RoundAsync(chain, chain.RoundAfter(TimeProvider.System.GetUtcNow().AddHours(1)), CancellationToken.None);
        _drand.CorruptRandomness = true;
        var corrupt = await beacon.RoundAsync(chain, 5, CancellationToken.None);
        var unreachable = await new DrandBeacon(new HttpClient { BaseAddress = new Uri("http://127.0.0.1:9/") }, Options.Create(Settings(_drand.ChainHash)), NullLogger<DrandBeacon>.Instance)
            .RoundAsync(chain, 5, CancellationToken.None);

        Assert.Null(future);
        Assert.Null(corrupt);
        Assert.Null(unreachable);
    }

    [Fact]
    public async Task Chain_OfAnotherHash_IsRefused()
    {
        var beacon = Beacon(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

        await Assert.ThrowsAsync<HttpRequestException>(() => beacon.ChainAsync(CancellationToken.None));
    }

    private DrandBeacon Beacon(string chainHash) => new(_http, Options.Create(Settings(chainHash)), NullLogger<DrandBeacon>.Instance);

    private DropsOptions Settings(string chainHash) => new() { BeaconUrl = new Uri(_drand.Url), BeaconChainHash = chainHash };
}
