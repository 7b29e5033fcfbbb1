using Fairdrop.Core.Errors;
using Fairdrop.Core.Outbound;

namespace Fairdrop.Exchange.Channels.WebPush;

/// <summary>A browser's push subscription as <c>PushSubscription.toJSON()</c> gives it, plus an optional device name.</summary>
public sealed record WebPushSubscriptionDraft(string? Endpoint, string? P256dh, string? Auth, string? Device);

/// <summary>A recipient's web push subscriptions (added, listed, removed) and the installation's VAPID public key.</summary>
public sealed class WebPushService
{
    private readonly WebPushSubscriptionStore _subscriptions;
    private readonly OutboundGuard _guard;
    private readonly VapidKeySource _vapid;

    internal WebPushService(WebPushSubscriptionStore subscriptions, OutboundGuard guard, VapidKeySource vapid)
    {
        _subscriptions = subscriptions;
        _guard = guard;
        _vapid = vapid;
    }

    /// <summary>Stores the subscription after checking it (https endpoint on a public host, well-formed keys); by endpoint, and a named device keeps only its newest.</summary>
    public async Task<Result<StoredWebPushSubscription>> AddAsync(Guid merchantId, Guid recipientId, WebPushSubscriptionDraft draft, CancellationToken cancellationToken)
    {
        if (!SubscriptionValidation.Validate(draft.Endpoint, draft.P256dh, draft.Auth, draft.Device, _guard).TryGetValue(out var subscription, out var error))
        {
            return error;
        }

        return await _subscriptions.AddAsync(merchantId, recipientId, subscription, cancellationToken) is { } stored ? stored : Error.NotFound("The recipient");
    }

    /// <summary>The recipient's subscriptions, newest first.</summary>
    public async Task<Result<IReadOnlyList<StoredWebPushSubscription>>> ListAsync(Guid merchantId, Guid recipientId, CancellationToken cancellationToken) =>
        await _subscriptions.ListOfKnownRecipientAsync(merchantId, recipientId, cancellationToken) is { } list
            ? Result<IReadOnlyList<StoredWebPushSubscription>>.Success(list)
            : Error.NotFound("The recipient");

    public async Task<Result<bool>> RemoveAsync(Guid merchantId, Guid recipientId, Guid id, CancellationToken cancellationToken) =>
        await _subscriptions.RemoveAsync(merchantId, recipientId, id, cancellationToken) ? true : Error.NotFound("The subscription");

    /// <summary>The <c>applicationServerKey</c> a storefront passes to <c>pushManager.subscribe</c> (RFC 8292).</summary>
    public async Task<string> VapidPublicKeyAsync(CancellationToken cancellationToken) => (await _vapid.GetKeysAsync(cancellationToken)).PublicKeyText;
}
