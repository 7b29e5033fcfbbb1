namespace Fairdrop.Restock.Shopify;

/// <summary>One delivery of a Shopify webhook as it arrived: the raw body, its <c>X-Shopify-Hmac-Sha256</c> and <c>X-Shopify-Webhook-Id</c>.</summary>
public sealed record ShopifyWebhook(ReadOnlyMemory<byte> Body, string? Signature, string? WebhookId = null);
