using Fairdrop.Exchange.Matching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Channels.WebPush;

/// <summary>
/// The web push channel: sends a delivery to the recipient's newest subscription; a 404/410 removes that
/// subscription and the next newest is tried, and when none is left the failure is permanent. <c>Topic</c> is the
/// delivery id, so a resend of the same delivery replaces an undelivered copy at the push service instead of
/// queueing a second one; the payload carries the delivery id for the service worker's notification tag.
/// </summary>
internal sealed class WebPushChannel(WebPushSender sender, WebPushSubscriptionStore subscriptions, IOptions<WebPushOptions> options, ILogger<WebPushChannel> logger) : IChannel
{
    public Channel Kind => Channel.WebPush;

    public async ValueTask<SendOutcome> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var targets = await subscriptions.ListAsync(message.MerchantId, message.Recipient.Id, cancellationToken);
        if (targets.Count == 0)
        {
            return SendOutcome.Permanent("The recipient has no web push subscription.");
        }

        var payload = WebPushPayload.Serialize(message);
        if (payload.Length > WebPushEncryptor.MaxPlaintextLength)
        {
            return SendOutcome.Permanent($"The push message is {payload.Length} bytes; at most {WebPushEncryptor.MaxPlaintextLength} fit.");
        }

        var topic = message.DeliveryId.ToString("N");
        var urgency = message.Sender.Rules.Critical ? "high" : "normal";
        foreach (var target in targets)
        {
            var attempt = await sender.SendAsync(new PushMessage(target.Endpoint, target.P256dh, target.Auth, payload, topic, urgency, options.Value.TimeToLive), cancellationToken);
            if (!attempt.Gone)
            {
                if (attempt.Outcome.Result != SendResult.Sent)
                {
                    WebPushLog.Rejected(logger, target.Id, message.DeliveryId, attempt.Status, attempt.Outcome.Error ?? string.Empty);
                }

                return attempt.Outcome.Result == SendResult.Sent ? SendOutcome.Sent(attempt.Outcome.ProviderId ?? topic) : attempt.Outcome;
            }

            WebPushLog.SubscriptionGone(logger, target.Id, message.DeliveryId, attempt.Status);
            await subscriptions.RemoveAsync(message.MerchantId, target.RecipientId, target.Id, cancellationToken);
        }

        return SendOutcome.Permanent("Every push subscription of the recipient has expired (404/410) and was removed.");
    }
}
