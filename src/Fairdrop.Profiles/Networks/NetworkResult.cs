namespace Fairdrop.Profiles.Networks;

/// <summary>
/// What a network call came to: done (perhaps with a time before which the next call must wait: the rate limit was
/// spent), try again (at a time the network named, or after a backoff), or stop (401, a refusal that retrying cannot
/// change) with a reason the merchant reads. Reasons are Fairdrop's words and the network's error code, never a body.
/// </summary>
internal sealed record NetworkResult<T>(NetworkOutcome Outcome, T? Value, string? Reason, DateTimeOffset? NotBefore)
{
    public static NetworkResult<T> Done(T value, DateTimeOffset? notBefore = null) => new(NetworkOutcome.Done, value, null, notBefore);

    public static NetworkResult<T> Retry(string reason, DateTimeOffset? at = null) => new(NetworkOutcome.Retry, default, reason, at);

    public static NetworkResult<T> Stop(string reason) => new(NetworkOutcome.Stop, default, reason, null);

    /// <summary>The same failure carried as another result type.</summary>
    public NetworkResult<TOther> As<TOther>() => new(Outcome, default, Reason, NotBefore);
}
