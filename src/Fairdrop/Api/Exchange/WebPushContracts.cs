using Fairdrop.Exchange.Channels.WebPush;

namespace Fairdrop.Api.Exchange;

/// <summary>
/// Body of <c>POST /exchange/recipients/{id}/webpush</c>: the browser's <c>PushSubscription.toJSON()</c> plus an optional
/// device name. <c>expirationTime</c> is accepted and ignored: the push service's 404/410 is what retires a subscription.
/// </summary>
internal sealed record WebPushSubscriptionRequest(string? Endpoint, WebPushKeys? Keys, string? Device, double? ExpirationTime = null)
{
    public WebPushSubscriptionDraft ToDraft() => new(Endpoint, Keys?.P256dh, Keys?.Auth, Device);
}

/// <summary>The subscription's keys as browsers give them: base64url <c>p256dh</c> (65-byte P-256 point) and <c>auth</c> (16 bytes).</summary>
internal sealed record WebPushKeys(string? P256dh, string? Auth);

/// <summary>A stored subscription as the API shows it; the auth secret is never returned.</summary>
internal sealed record WebPushSubscriptionResponse(Guid Id, Guid RecipientId, string Endpoint, string P256dh, string? Device, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static WebPushSubscriptionResponse From(StoredWebPushSubscription s) => new(s.Id, s.RecipientId, s.Endpoint, s.P256dh, s.Device, s.CreatedAt, s.UpdatedAt);
}

/// <summary>A recipient's subscriptions, newest first.</summary>
internal sealed record WebPushSubscriptionList(IReadOnlyList<WebPushSubscriptionResponse> Items);

/// <summary>The VAPID public key a storefront passes to <c>pushManager.subscribe</c> as <c>applicationServerKey</c>.</summary>
internal sealed record VapidPublicKeyResponse(string ApplicationServerKey);
