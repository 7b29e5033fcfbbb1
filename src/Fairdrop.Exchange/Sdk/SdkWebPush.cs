using Fairdrop.Core.Errors;
using Fairdrop.Exchange.Channels.WebPush;
using Fairdrop.Exchange.Recipients;

namespace Fairdrop.Exchange.Sdk;

/// <summary>
/// Web push for the browser SDK: the identified end user's browser stores or removes its push subscription itself,
/// without the merchant's key. The subscription belongs to the merchant's recipient whose <c>contacts.inAppUserId</c>
/// is the token's user; it is checked exactly as the merchant's endpoint checks it (<see cref="WebPushService.AddAsync"/>:
/// an https endpoint on a public host, well-formed keys).
/// </summary>
public sealed class SdkWebPush
{
    private readonly RecipientStore _recipients;
    private readonly WebPushSubscriptionStore _subscriptions;
    private readonly WebPushService _webPush;

    internal SdkWebPush(RecipientStore recipients, WebPushSubscriptionStore subscriptions, WebPushService webPush)
    {
        _recipients = recipients;
        _subscriptions = subscriptions;
        _webPush = webPush;
    }

    /// <summary>Stores (or refreshes, by endpoint) the caller's browser subscription for their recipient.</summary>
    public async Task<Result<StoredWebPushSubscription>> SubscribeAsync(SdkCaller caller, WebPushSubscriptionDraft draft, CancellationToken cancellationToken)
    {
        if (await _recipients.FindIdByInAppUserIdAsync(caller.MerchantId, caller.UserId, cancellationToken) is not { } recipientId)
        {
            return SdkErrors.NotBound(caller.UserId);
        }

        // A recipient removed between the lookup and the write reads as not bound, not as the merchant API's "recipient not found".
        var stored = await _webPush.AddAsync(caller.MerchantId, recipientId, draft, cancellationToken);
        return stored.Error is { Code: ErrorCodes.NotFound } ? SdkErrors.NotBound(caller.UserId) : stored;
    }

    /// <summary>Removes the caller's subscription with this endpoint; true when there was one. Another user's subscription is never touched.</summary>
    public async Task<Result<bool>> UnsubscribeAsync(SdkCaller caller, string? endpoint, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(endpoint) || endpoint.Length > SubscriptionValidation.MaxEndpointLength)
        {
            return Error.Validation("endpoint", $"endpoint, the subscription's push service URL of at most {SubscriptionValidation.MaxEndpointLength} characters, is required.");
        }

        if (await _recipients.FindIdByInAppUserIdAsync(caller.MerchantId, caller.UserId, cancellationToken) is not { } recipientId)
        {
            return SdkErrors.NotBound(caller.UserId);
        }

        return await _subscriptions.RemoveByEndpointAsync(caller.MerchantId, recipientId, endpoint, cancellationToken);
    }
}
