using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Fairdrop.Profiles.Networks;

/// <summary>
/// Reads a network's answer the same way for every adapter: 401/403 stop (credentials), 429 waits for
/// <c>Retry-After</c> or the rate-limit reset, 5xx and timeouts retry, other 4xx stop with the network's error code
/// (<c>{"error":"InvalidSwap"}</c>, Mastodon's <c>{"error":"…"}</c> reduced to a code-like word, never the body).
/// </summary>
internal static partial class NetworkResponses
{
    public static async Task<NetworkResult<T>?> FailureAsync<T>(HttpResponseMessage response, string network, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        var status = (int)response.StatusCode;
        var code = await ErrorCodeAsync(response, cancellationToken);
        var named = code is null ? string.Empty : $" ({code})";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                NetworkResult<T>.Stop($"{network} refused the credentials ({status}{(code is null ? string.Empty : ", " + code)}); update the profile's credential and retry"),
            HttpStatusCode.TooManyRequests => NetworkResult<T>.Retry($"{network} rate limit reached (429)", RetryAt(response, now)),
            HttpStatusCode.RequestTimeout => NetworkResult<T>.Retry($"{network} timed out (408)"),
            _ when status >= 500 => NetworkResult<T>.Retry($"{network} answered {status}{named}"),
            _ => NetworkResult<T>.Stop($"{network} refused the request ({status}{named})"),
        };
    }

    /// <summary>When the rate limit allows the next call, if the response says it is spent (<c>X-RateLimit-Remaining: 0</c>).</summary>
    public static DateTimeOffset? NotBefore(HttpResponseMessage response, DateTimeOffset now) =>
        (Header(response, "X-RateLimit-Remaining") ?? Header(response, "RateLimit-Remaining")) is "0" ? ResetAt(response, now) : null;

    /// <summary><c>Retry-After</c> (seconds or a date), else the rate limit's reset time.</summary>
    public static DateTimeOffset? RetryAt(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            return retryAfter.Delta is { } delta ? now + delta : retryAfter.Date;
        }

        return ResetAt(response, now);
    }

    /// <summary>Mastodon's <c>X-RateLimit-Reset</c> is an ISO 8601 time; Bluesky's <c>RateLimit-Reset</c> is Unix seconds.</summary>
    private static DateTimeOffset? ResetAt(HttpResponseMessage response, DateTimeOffset now)
    {
        if (Header(response, "X-RateLimit-Reset") is { } iso && DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        return Header(response, "RateLimit-Reset") is { } unix && long.TryParse(unix, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, now.ToUnixTimeSeconds() + 86_400))
            : null;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            using var json = JsonDocument.Parse(body.Length > 4096 ? body[..4096] : body);
            return json.RootElement.TryGetProperty("error", out var error) && error.GetString() is { } text && CodeLike().IsMatch(text) ? text : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,39}$")]
    private static partial Regex CodeLike();
}
