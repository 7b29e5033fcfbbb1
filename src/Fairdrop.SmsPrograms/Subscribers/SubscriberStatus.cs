namespace Fairdrop.SmsPrograms.Subscribers;

/// <summary>A subscriber's states: asked to confirm, confirmed (the only state that gets marketing texts), stopped.</summary>
public static class SubscriberStatus
{
    public const string Pending = "pending";
    public const string Active = "active";
    public const string Stopped = "stopped";
}
