using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Fairdrop.Exchange.Matching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Channels.WebPush;

/// <summary>
/// Sends a delivery to the recipient's newest push subscription (RFC 8030 POST, RFC 8291 body, RFC 8292 VAPID).
/// A 404/410 removes that subscription and the next newest is tried; 429, 408, 5xx and timeouts are transient;
/// anything else (400, 401, 403, 413) is permanent. <c>Topic</c> is the delivery id, so a resend of the same delivery
/// replaces an undelivered copy at the push service instead of queueing a second one.
/// </summary>
internal sealed class WebPushChannel(
    IHttpClientFactory clients, WebPushSubscriptionStore subscriptions, VapidKeySource vapid, IOptions<WebPushOptions> options, ILogger<WebPushChannel> logger) : IChannel
{
    public const string ClientName = "fairdrop-exchange-webpush";

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

        var tokens = await vapid.GetTokensAsync(cancellationToken);
        foreach (var target in targets)
        {
            var (outcome, gone) = await SendToAsync(target, payload, tokens, message, cancellationToken);
            if (!gone)
            {
                return outcome;
            }

            await subscriptions.RemoveAsync(message.MerchantId, target.RecipientId, target.Id, cancellationToken);
        }

        return SendOutcome.Permanent("Every push subscription of the recipient has expired (404/410) and was removed.");
    }

    private async Task<(SendOutcome Outcome, bool Gone)> SendToAsync(
        StoredWebPushSubscription target, byte[] payload, VapidTokens tokens, OutboundMessage message, CancellationToken cancellationToken)
    {
        var endpoint = new Uri(target.Endpoint);
        var body = WebPushEncryptor.Encrypt(
            payload, SubscriptionValidation.Decode(target.P256dh, P256.PublicKeyLength), SubscriptionValidation.Decode(target.Auth, WebPushEncryptor.AuthSecretLength));
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.ContentEncoding.Add("aes128gcm");
        request.Headers.TryAddWithoutValidation("Authorization", tokens.Authorization(endpoint));
        request.Headers.Add("TTL", ((long)options.Value.TimeToLive.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("Urgency", message.Sender.Rules.Critical ? "high" : "normal");
        request.Headers.Add("Topic", message.DeliveryId.ToString("N"));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return (SendOutcome.Sent(response.Headers.Location?.ToString() ?? message.DeliveryId.ToString("N")), false);
            }

            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                WebPushLog.SubscriptionGone(logger, target.Id, message.DeliveryId, status);
                return (default, true);
            }

            var reason = $"The push service answered {status}.";
            WebPushLog.Rejected(logger, target.Id, message.DeliveryId, status, reason);
            return status >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
                ? (SendOutcome.Transient(reason), false)
                : (SendOutcome.Permanent(reason), false);
        }
        catch (HttpRequestException exception)
        {
            return (SendOutcome.Transient($"The push service could not be reached: {exception.Message}"), false);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (SendOutcome.Transient("The push service timed out."), false);
        }
    }
}
