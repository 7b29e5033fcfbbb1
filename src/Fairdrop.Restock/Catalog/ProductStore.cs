using Dapper;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Text;
using Fairdrop.Restock.Planning;

namespace Fairdrop.Restock.Catalog;

/// <summary>The catalog: variants upserted in bulk by the merchant's id; stock changes go through inventory messages.</summary>
public sealed class ProductStore(DbConnectionFactory connections, IdGenerator ids, TimeProvider time, Inventory.InventoryService inventory)
{
    public const int MaxBatch = 10_000;

    private const int MaxUrlLength = 2048;

    /// <summary>Validates and upserts every product in one transaction; stock given here is applied like an inventory message.</summary>
    public async Task<Result<int>> UpsertAsync(Guid merchantId, IReadOnlyList<ProductInput> products, CancellationToken cancellationToken)
    {
        if (products.Count is 0 or > MaxBatch)
        {
            return Error.Validation("products", $"Send between 1 and {MaxBatch} products.");
        }

        for (var i = 0; i < products.Count; i++)
        {
            if (Validate(products[i], $"products[{i}]") is { } error)
            {
                return error;
            }
        }

        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        foreach (var p in products)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO restock_products (id, merchant_id, external_id, inventory_item_id, sku, title, url, image_url, available, status,
                    alerts_per_unit, min_inventory, interval_seconds, order_policy, inventory_at, created_at, updated_at)
                VALUES (@Id, @merchantId, @ExternalId, @InventoryItemId, @Sku, @Title, @Url, @ImageUrl, 0, 'none',
                    @AlertsPerUnit, @MinInventory, @IntervalSeconds, @Order, NULL, @now, @now)
                ON CONFLICT (merchant_id, external_id) DO UPDATE SET inventory_item_id = excluded.inventory_item_id, sku = excluded.sku,
                    title = excluded.title, url = excluded.url, image_url = excluded.image_url, alerts_per_unit = excluded.alerts_per_unit,
                    min_inventory = excluded.min_inventory, interval_seconds = excluded.interval_seconds, order_policy = excluded.order_policy,
                    updated_at = excluded.updated_at
                """,
                new { Id = ids.NewId(), merchantId, p.ExternalId, p.InventoryItemId, p.Sku, p.Title, p.Url, p.ImageUrl, p.AlertsPerUnit, p.MinInventory, p.IntervalSeconds, p.Order, now },
                transaction,
                cancellationToken: cancellationToken));
            await inventory.ApplyAsync(connection, transaction, merchantId, p.ExternalId, p.Available, now, now, cancellationToken);
        }

        await write.CommitAsync(cancellationToken);
        return products.Count;
    }

    public async Task<Product?> GetAsync(Guid merchantId, string externalId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Product>(new CommandDefinition(
            $"SELECT {Product.Columns} FROM restock_products WHERE merchant_id = @merchantId AND external_id = @externalId",
            new { merchantId, externalId },
            cancellationToken: cancellationToken));
    }

    /// <summary>The id of the product with this inventory item (or this id), as a Shopify inventory level names it.</summary>
    internal async Task<string?> ExternalIdOfItemAsync(Guid merchantId, string item, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT external_id FROM restock_products WHERE merchant_id = @merchantId AND (inventory_item_id = @item OR external_id = @item)",
            new { merchantId, item },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<Product>> ListAsync(Guid merchantId, string? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var where = after is null ? string.Empty : "AND external_id > @after";
        return (await connection.QueryAsync<Product>(new CommandDefinition(
            $"SELECT {Product.Columns} FROM restock_products WHERE merchant_id = @merchantId {where} ORDER BY external_id LIMIT @limit",
            new { merchantId, after, limit },
            cancellationToken: cancellationToken))).AsList();
    }

    private static bool IsHttpUrl(string url) =>
        url.Length <= MaxUrlLength && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;

    private static Error? Validate(ProductInput? p, string field)
    {
        // JSON allows [null] in a list of products.
        if (p is null)
        {
            return Error.Validation(field, "A product cannot be null.");
        }

        if (string.IsNullOrWhiteSpace(p.ExternalId) || p.ExternalId.Length > 200)
        {
            return Error.Validation(field + ".id", "id is required (at most 200 characters).");
        }

        if (string.IsNullOrWhiteSpace(p.Title) || p.Title.Length > 500)
        {
            return Error.Validation(field + ".title", "title is required (at most 500 characters).");
        }

        if ((PlainText.Check(field + ".id", p.ExternalId) ?? PlainText.Check(field + ".sku", p.Sku) ?? PlainText.Check(field + ".title", p.Title)
            ?? PlainText.Check(field + ".inventoryItemId", p.InventoryItemId)) is { } error)
        {
            return error;
        }

        if (p.Available < 0)
        {
            return Error.Validation(field + ".available", "available cannot be negative.");
        }

        // NaN compares false with everything, so the range is checked as "inside", not as "outside".
        if (p.AlertsPerUnit is { } perUnit && !(perUnit > 0 && perUnit <= 1000) || p.MinInventory is < 0 || p.IntervalSeconds is < 0)
        {
            return Error.Validation(field, "alertsPerUnit must be in (0, 1000]; minInventory and intervalSeconds cannot be negative.");
        }

        if (p.Order is not null && !OrderPolicyNames.TryParse(p.Order, out _))
        {
            return Error.Validation(field + ".order", "order must be oldest_first, newest_first or priority_tiers.");
        }

        // These end up as links and image sources in messages (and images are fetched to come): javascript:, file:
        // and protocol-relative values are refused, only absolute http(s) passes.
        foreach (var (name, url) in new[] { ("url", p.Url), ("imageUrl", p.ImageUrl) })
        {
            if (url is not null && !IsHttpUrl(url))
            {
                return Error.Validation($"{field}.{name}", $"{name} must be an absolute http(s) URL of at most {MaxUrlLength} characters.");
            }
        }

        return null;
    }
}
