namespace Fairdrop.Exchange.Engagement;

/// <summary>What a recipient did with a delivery (or what became of it), as stored in <c>exchange_engagement.kind</c>.</summary>
public static class EngagementKinds
{
    public const string Delivered = "delivered";
    public const string Opened = "opened";
    public const string Clicked = "clicked";
    public const string Replied = "replied";
    public const string Bounced = "bounced";
    public const string Unsubscribed = "unsubscribed";
    public const string Failed = "failed";

    public static readonly string[] All = [Delivered, Opened, Clicked, Replied, Bounced, Unsubscribed, Failed];
}
