namespace Fairdrop.Restock.Shopify;

/// <summary>One line of a Shopify order.</summary>
internal sealed record ShopifyLineItem(long? VariantId, long Quantity, string? Price);
