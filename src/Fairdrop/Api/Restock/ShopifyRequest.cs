using Fairdrop.Restock.Shopify;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.Api.Restock;

/// <summary>A Shopify webhook request as the restock module takes it: the raw body (the signature covers its bytes) and the two headers.</summary>
internal static class ShopifyRequest
{
    public static async Task<ShopifyWebhook> ReadAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await http.Body.CopyToAsync(buffer, cancellationToken);
        return new ShopifyWebhook(buffer.ToArray(), http.Headers["X-Shopify-Hmac-Sha256"].ToString(), http.Headers["X-Shopify-Webhook-Id"].ToString());
    }
}
