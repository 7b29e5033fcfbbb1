namespace Fairdrop.Restock.Shopify;

/// <summary>Shopify's order payload (the fields we read).</summary>
internal sealed record ShopifyOrder(long Id, string? Email, DateTimeOffset? CreatedAt, IReadOnlyList<ShopifyLineItem>? LineItems);
