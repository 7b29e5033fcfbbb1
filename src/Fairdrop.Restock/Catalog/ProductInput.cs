namespace Fairdrop.Restock.Catalog;

/// <summary>A variant to upsert: the merchant's id, SKU, title, links, stock and optional policy overrides.</summary>
public sealed record ProductInput(
    string ExternalId, string? Sku, string Title, string? Url, string? ImageUrl, long Available,
    string? InventoryItemId = null, double? AlertsPerUnit = null, long? MinInventory = null, long? IntervalSeconds = null, string? Order = null);
