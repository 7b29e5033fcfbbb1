namespace Fairdrop.Exchange.Channels;

/// <summary>What a channel did: sent (with the provider's id), a transient failure (retry later), or a permanent one (fall back or give up).</summary>
public readonly record struct SendOutcome(SendResult Result, string? ProviderId, string? Error)
{
    public static SendOutcome Sent(string? providerId = null) => new(SendResult.Sent, providerId, null);

    public static SendOutcome Transient(string error) => new(SendResult.Transient, null, error);

    public static SendOutcome Permanent(string error) => new(SendResult.Permanent, null, error);
}

/// <summary>The kinds of <see cref="SendOutcome"/>.</summary>
public enum SendResult
{
    Sent,
    Transient,
    Permanent,
}
