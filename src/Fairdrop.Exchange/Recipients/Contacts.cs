namespace Fairdrop.Exchange.Recipients;

/// <summary>Where a recipient can be reached: email, an E.164 phone, web push subscriptions, the in-app end-user id, a webhook URL.</summary>
public sealed record Contacts(
    string? Email = null,
    string? Phone = null,
    string? InAppUserId = null,
    string? WebhookUrl = null,
    IReadOnlyList<WebPushSubscription>? WebPush = null)
{
    public static readonly Contacts None = new();
}
