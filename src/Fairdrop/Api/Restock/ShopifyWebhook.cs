using Fairdrop.Restock.Inventory;
using Fairdrop.Restock.Waitlist;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.Api.Restock;

/// <summary>Reads a Shopify webhook's raw body and checks its <c>X-Shopify-Hmac-Sha256</c> against the merchant's secret.</summary>
internal static class ShopifyWebhook
{
    /// <summary>The body when the signature matches; null otherwise (no secret set, no header, or a forged body).</summary>
    public static async Task<byte[]?> ReadVerifiedAsync(Guid merchantId, HttpRequest http, RestockSettingsStore settings, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await http.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();
        var secret = await settings.ShopifySecretAsync(merchantId, cancellationToken);
        return ShopifySignature.IsValid(body, http.Headers["X-Shopify-Hmac-Sha256"].ToString(), secret) ? body : null;
    }
}
