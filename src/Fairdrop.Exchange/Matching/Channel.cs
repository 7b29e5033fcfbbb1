namespace Fairdrop.Exchange.Matching;

/// <summary>A way to reach a recipient. SMS and web push are named now so rules can mention them; their channels come later.</summary>
public enum Channel
{
    Email = 0,
    Sms = 1,
    WebPush = 2,
    InApp = 3,
    Webhook = 4,
}
