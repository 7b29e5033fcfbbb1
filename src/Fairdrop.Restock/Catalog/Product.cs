namespace Fairdrop.Restock.Catalog;

/// <summary>A variant in the merchant's catalog and where it stands: none, awaiting_restock, restocked or alerting.</summary>
public sealed record Product(
    Guid Id, Guid MerchantId, string ExternalId, string? InventoryItemId, string? Sku, string Title, string? Url, string? ImageUrl,
    long Available, string Status, double? AlertsPerUnit, long? MinInventory, long? IntervalSeconds, string? OrderPolicy,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string None = "none";
    public const string AwaitingRestock = "awaiting_restock";
    public const string Restocked = "restocked";
    public const string Alerting = "alerting";

    internal const string Columns =
        "id AS Id, merchant_id AS MerchantId, external_id AS ExternalId, inventory_item_id AS InventoryItemId, sku AS Sku, title AS Title, url AS Url, image_url AS ImageUrl, available AS Available, status AS Status, alerts_per_unit AS AlertsPerUnit, min_inventory AS MinInventory, interval_seconds AS IntervalSeconds, order_policy AS OrderPolicy, created_at AS CreatedAt, updated_at AS UpdatedAt";
}
