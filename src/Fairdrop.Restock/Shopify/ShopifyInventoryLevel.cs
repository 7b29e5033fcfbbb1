namespace Fairdrop.Restock.Shopify;

/// <summary>Shopify's inventory_levels/update payload (the fields we read).</summary>
internal sealed record ShopifyInventoryLevel(long InventoryItemId, long? Available, DateTimeOffset? UpdatedAt);
