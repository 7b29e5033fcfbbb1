namespace Fairdrop.Exchange.Channels.WebPush;

/// <summary>What one POST to a push service came to: an outcome for the dispatcher, or "gone" (404/410: the subscription has expired).</summary>
internal readonly record struct PushAttempt(SendOutcome Outcome, bool Gone, int Status)
{
    public static PushAttempt Expired(int status) => new(default, true, status);
}
