using System.Net;
using System.Text;
using Fairdrop.Core.Outbound;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Channels;

/// <summary>
/// A signed POST to the recipient's webhook URL (Standard Webhooks); <c>webhook-id</c> is the delivery id, so receivers
/// can drop repeats. The URL is the merchant's to aim, so it goes through the <see cref="OutboundGuard"/>: refused
/// destinations and redirects fail the delivery, and what is recorded is Fairdrop's words, never the remote's.
/// </summary>
internal sealed class WebhookChannel(IHttpClientFactory clients, OutboundGuard guard, TimeProvider time) : IChannel
{
    public const string ClientName = "fairdrop-exchange-webhooks";

    public Channel Kind => Channel.Webhook;

    public async ValueTask<SendOutcome> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var url = message.Recipient.Contacts.WebhookUrl;
        if (string.IsNullOrEmpty(url))
        {
            return SendOutcome.Permanent("The recipient has no webhook URL.");
        }

        if (guard.Refusal(url) is { } refusal)
        {
            return SendOutcome.Permanent($"The webhook was not sent: {refusal}.");
        }

        var id = "msg_" + message.DeliveryId.ToString("N");
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var body = message.Content.WebhookBody ?? "{}";
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSigner.Sign(message.Sender.WebhookSecret, id, timestamp, body));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return SendOutcome.Sent(id);
            }

            var status = (int)response.StatusCode;
            var error = status is >= 300 and < 400 ? $"The webhook answered {status}; redirects are not followed." : $"The webhook answered {status}.";
            return status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
                ? SendOutcome.Transient(error)
                : SendOutcome.Permanent(error);
        }
        catch (HttpRequestException exception)
        {
            return OutboundFailure.IsRefused(exception)
                ? SendOutcome.Permanent($"The webhook was not sent: {OutboundFailure.Describe(exception)}.")
                : SendOutcome.Transient($"The webhook could not be reached: {OutboundFailure.Describe(exception)}.");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendOutcome.Transient("The webhook timed out.");
        }
    }
}
