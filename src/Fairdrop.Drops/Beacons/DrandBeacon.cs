using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Fairdrop.Drops.Entries;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Drops.Beacons;

/// <summary>
/// drand's HTTP API (https://drand.love/docs/http-api/): <c>GET {url}/{chain}/info</c> gives the chain's genesis time
/// and period, <c>GET {url}/{chain}/public/{round}</c> a round's randomness and signature (a round not emitted yet
/// answers 404 or 425). The randomness must be SHA-256 of the signature; the BLS signature itself is kept for auditors,
/// who check it against the chain's public key with drand's own clients (no maintained BLS12-381 package for .NET).
/// </summary>
internal sealed partial class DrandBeacon(HttpClient http, IOptions<DropsOptions> options, ILogger<DrandBeacon> logger) : IRandomnessBeacon
{
    private BeaconChain? _chain;

    public async Task<BeaconChain?> ChainAsync(CancellationToken cancellationToken)
    {
        if (_chain is { } known)
        {
            return known;
        }

        var hash = options.Value.BeaconChainHash!.ToLowerInvariant();
        var info = await http.GetFromJsonAsync<ChainInfo>($"{hash}/info", cancellationToken)
            ?? throw new HttpRequestException("The beacon answered no chain info.");
        if (!string.Equals(info.Hash, hash, StringComparison.OrdinalIgnoreCase) || info.Period <= 0 || info.GenesisTime <= 0)
        {
            throw new HttpRequestException($"The beacon's chain info does not describe chain {hash}.");
        }

        return _chain = new BeaconChain(hash, info.GenesisTime, info.Period);
    }

    public async Task<BeaconRound?> RoundAsync(BeaconChain chain, long round, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"{chain.Hash}/public/{round}", cancellationToken);
            if (response.StatusCode is HttpStatusCode.NotFound or (HttpStatusCode)425)
            {
                return null;
            }

            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<RoundInfo>(cancellationToken);
            if (body is null || body.Round != round || !TryHex(body.Randomness, out var randomness) || !TryHex(body.Signature, out var signature)
                || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(signature), randomness))
            {
                LogInvalidRound(logger, round);
                return null;
            }

            return new BeaconRound(round, randomness, signature);
        }
        catch (Exception exception) when (exception is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogUnreachable(logger, round, exception.Message);
            return null;
        }
    }

    private static bool TryHex(string? text, out byte[] bytes)
    {
        bytes = [];
        if (text is null || text.Length is 0 or > 512 || text.Length % 2 != 0)
        {
            return false;
        }

        try
        {
            bytes = Convert.FromHexString(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = DropsEventIds.BeaconRoundInvalid, Level = LogLevel.Warning, Message = "Beacon round {Round} was refused: its randomness is not SHA-256 of its signature, or the body is malformed")]
    private static partial void LogInvalidRound(ILogger logger, long round);

    [LoggerMessage(EventId = DropsEventIds.BeaconUnreachable, Level = LogLevel.Warning, Message = "Beacon round {Round} could not be fetched: {Reason}; placement waits and tries again")]
    private static partial void LogUnreachable(ILogger logger, long round, string reason);

    private sealed record ChainInfo(
        [property: JsonPropertyName("hash")] string? Hash,
        [property: JsonPropertyName("genesis_time")] long GenesisTime,
        [property: JsonPropertyName("period")] long Period);

    private sealed record RoundInfo(
        [property: JsonPropertyName("round")] long Round,
        [property: JsonPropertyName("randomness")] string? Randomness,
        [property: JsonPropertyName("signature")] string? Signature);
}
