using System.Net;
using System.Text;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Channels;

/// <summary>A signed POST to the recipient's webhook URL (Standard Webhooks); <c>webhook-id</c> is the delivery id, so receivers can drop repeats.</summary>
internal sealed class WebhookChannel(IHttpClientFactory clients, TimeProvider time) : IChannel
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
            var error = $"The webhook answered {status}.";
            return status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
                ? SendOutcome.Transient(error)
                : SendOutcome.Permanent(error);
        }
        catch (HttpRequestException exception)
        {
            return SendOutcome.Transient($"The webhook could not be reached: {exception.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendOutcome.Transient("The webhook timed out.");
        }
    }
}
