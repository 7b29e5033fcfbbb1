using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Fairdrop.Core.Outbound;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Channels.WebPush;

/// <summary>
/// RFC 8030 delivery of one message to one subscription: encrypts (RFC 8291), signs (VAPID, cached per origin) and
/// POSTs with TTL, Urgency and Topic. 2xx is sent; 404/410 gone; 429, 408, 5xx, timeouts and network errors transient;
/// anything else (400, 401, 403, 413, redirects) permanent. The endpoint goes through the <see cref="OutboundGuard"/>
/// (https, public addresses); a refused destination is permanent.
/// </summary>
internal sealed class WebPushSender(IHttpClientFactory clients, OutboundGuard guard, VapidKeySource vapid)
{
    public const string ClientName = "fairdrop-exchange-webpush";

    public async Task<PushAttempt> SendAsync(PushMessage message, CancellationToken cancellationToken)
    {
        if (guard.Refusal(message.Endpoint, httpsOnly: true) is { } refusal)
        {
            return new PushAttempt(SendOutcome.Permanent($"The push message was not sent: {refusal}."), false, 0);
        }

        var tokens = await vapid.GetTokensAsync(cancellationToken);
        var endpoint = new Uri(message.Endpoint);
        if (TryEncrypt(message) is not { } body)
        {
            return new PushAttempt(SendOutcome.Permanent("The stored push subscription's keys are malformed."), false, 0);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.ContentEncoding.Add("aes128gcm");
        request.Headers.TryAddWithoutValidation("Authorization", tokens.Authorization(endpoint));
        request.Headers.Add("TTL", ((long)message.TimeToLive.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("Urgency", message.Urgency);
        request.Headers.Add("Topic", message.Topic);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new PushAttempt(SendOutcome.Sent(response.Headers.Location?.ToString()), false, status);
            }

            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                return PushAttempt.Expired(status);
            }

            var reason = status is >= 300 and < 400 ? $"The push service answered {status}; redirects are not followed." : $"The push service answered {status}.";
            var transient = status >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;
            return new PushAttempt(transient ? SendOutcome.Transient(reason) : SendOutcome.Permanent(reason), false, status);
        }
        catch (HttpRequestException exception)
        {
            return OutboundFailure.IsRefused(exception)
                ? new PushAttempt(SendOutcome.Permanent($"The push message was not sent: {OutboundFailure.Describe(exception)}."), false, 0)
                : new PushAttempt(SendOutcome.Transient($"The push service could not be reached: {OutboundFailure.Describe(exception)}."), false, 0);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new PushAttempt(SendOutcome.Transient("The push service timed out."), false, 0);
        }
    }

    /// <summary>The encrypted body, or null when the stored keys are not a P-256 point and a 16-byte secret (they were checked on the way in).</summary>
    private static byte[]? TryEncrypt(PushMessage message)
    {
        var userAgentKey = SubscriptionValidation.Decode(message.P256dh, P256.PublicKeyLength);
        var authSecret = SubscriptionValidation.Decode(message.Auth, WebPushEncryptor.AuthSecretLength);
        if (userAgentKey is null || authSecret is null)
        {
            return null;
        }

        try
        {
            return WebPushEncryptor.Encrypt(message.Payload.Span, userAgentKey, authSecret);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
