using System.Text.Json;

namespace Fairdrop.Exchange.Channels.WebPush;

/// <summary>
/// What a service worker receives (decrypted): the delivery id (use it as the notification <c>tag</c> so a repeat
/// replaces rather than duplicates), title, body, the URL to open, and the distribution's topic.
/// </summary>
internal sealed record WebPushPayload(string DeliveryId, string? Title, string? Body, string? Url, string? Topic)
{
    public static byte[] Serialize(OutboundMessage message) => JsonSerializer.SerializeToUtf8Bytes(
        new WebPushPayload(message.DeliveryId.ToString(), message.Content.Title, message.Content.Body, message.Content.Url, message.Topic),
        ExchangeJson.Options);
}
