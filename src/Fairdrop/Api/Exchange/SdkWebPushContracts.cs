using Fairdrop.Exchange.Channels.WebPush;

namespace Fairdrop.Api.Exchange;

/// <summary>Body of <c>DELETE /sdk/channels/{channelId}/webpush</c>: the endpoint of the browser's subscription (<c>PushSubscription.endpoint</c>).</summary>
internal sealed record SdkWebPushUnsubscribeRequest(string? Endpoint);

/// <summary>A subscription the SDK stored, as the page sees it: no recipient id, no keys.</summary>
internal sealed record SdkWebPushSubscriptionResponse(Guid Id, string Endpoint, string? Device, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static SdkWebPushSubscriptionResponse From(StoredWebPushSubscription s) => new(s.Id, s.Endpoint, s.Device, s.CreatedAt, s.UpdatedAt);
}
