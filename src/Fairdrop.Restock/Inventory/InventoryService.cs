using Fairdrop.Core.Text;
using System.Data.Common;
using Dapper;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Storage;
using Fairdrop.Restock.Catalog;
using Microsoft.Extensions.Options;

namespace Fairdrop.Restock.Inventory;

/// <summary>
/// Stock messages from our API, Shopify webhooks and snapshots. Each event id applies once; a figure older than
/// the one on record is ignored (webhooks arrive out of order). Stock at or above the threshold while shoppers
/// wait marks the product restocked, which the next run of the <c>restock-rounds</c> job picks up.
/// </summary>
public sealed class InventoryService(DbConnectionFactory connections, TimeProvider time, IOptions<RestockOptions> options)
{
    public const int MaxBatch = 10_000;

    public async Task<Result<IReadOnlyList<InventoryOutcome>>> ReceiveAsync(Guid merchantId, IReadOnlyList<InventoryMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count is 0 or > MaxBatch)
        {
            return Error.Validation("events", $"Send between 1 and {MaxBatch} inventory events.");
        }

        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is not { } m)
            {
                // JSON allows [null] in a list of events.
                return Error.Validation($"events[{i}]", "An event cannot be null.");
            }

            if (string.IsNullOrWhiteSpace(m.EventId) || m.EventId.Length > 200)
            {
                return Error.Validation($"events[{i}].eventId", "eventId is required (at most 200 characters).");
            }

            if (string.IsNullOrWhiteSpace(m.ProductId))
            {
                return Error.Validation($"events[{i}].productId", "productId is required.");
            }

            if ((PlainText.Check($"events[{i}].eventId", m.EventId) ?? PlainText.Check($"events[{i}].productId", m.ProductId)) is { } error)
            {
                return error;
            }

            if (m.Available < 0)
            {
                return Error.Validation($"events[{i}].available", "available cannot be negative.");
            }
        }

        var now = time.GetUtcNow();
        var outcomes = new List<InventoryOutcome>(messages.Count);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        foreach (var m in messages)
        {
            var productId = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
                "SELECT id FROM restock_products WHERE merchant_id = @merchantId AND external_id = @ProductId",
                new { merchantId, m.ProductId },
                transaction,
                cancellationToken: cancellationToken));
            if (productId is null)
            {
                outcomes.Add(new InventoryOutcome(m.EventId, InventoryOutcome.UnknownProduct, null));
                continue;
            }

            var inserted = await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO restock_inventory_events (merchant_id, event_id, product_id, available, applied, received_at)
                VALUES (@merchantId, @EventId, @productId, @Available, @applied, @now) ON CONFLICT (merchant_id, event_id) DO NOTHING
                """,
                new { merchantId, m.EventId, productId, m.Available, applied = true, now },
                transaction,
                cancellationToken: cancellationToken));
            if (inserted == 0)
            {
                outcomes.Add(new InventoryOutcome(m.EventId, InventoryOutcome.Duplicate, null));
                continue;
            }

            var status = await ApplyAsync(connection, transaction, merchantId, m.ProductId, m.Available, m.OccurredAt ?? now, now, cancellationToken);
            outcomes.Add(new InventoryOutcome(m.EventId, status is null ? InventoryOutcome.Stale : InventoryOutcome.Applied, status));
        }

        await write.CommitAsync(cancellationToken);
        return outcomes;
    }

    /// <summary>A full snapshot taken at <paramref name="takenAt"/>: every product listed gets its figure unless a newer one is on record.</summary>
    public async Task<Result<IReadOnlyList<InventoryOutcome>>> ReconcileAsync(Guid merchantId, DateTimeOffset takenAt, IReadOnlyDictionary<string, long> snapshot, CancellationToken cancellationToken)
    {
        var messages = snapshot.Select(kv => new InventoryMessage($"snapshot:{takenAt.ToUnixTimeMilliseconds()}:{kv.Key}", kv.Key, kv.Value, takenAt)).ToList();
        return await ReceiveAsync(merchantId, messages, cancellationToken);
    }

    /// <summary>
    /// Sets a product's stock as of <paramref name="asOf"/> unless a newer figure is on record; returns the product's
    /// status after, or null when the figure was stale.
    /// </summary>
    internal async Task<string?> ApplyAsync(
        DbConnection connection, DbTransaction transaction, Guid merchantId, string externalId, long available, DateTimeOffset asOf, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var product = await connection.QuerySingleAsync<(Guid Id, string Status, long? MinInventory, long? InventoryAt)>(new CommandDefinition(
            "SELECT id, status, min_inventory, inventory_at FROM restock_products WHERE merchant_id = @merchantId AND external_id = @externalId",
            new { merchantId, externalId },
            transaction,
            cancellationToken: cancellationToken));
        if (product.InventoryAt is { } at && at > asOf.ToUnixTimeMilliseconds())
        {
            return null;
        }

        var threshold = Math.Max(1, product.MinInventory ?? options.Value.MinInventory);
        var status = product.Status == Product.AwaitingRestock && available >= threshold ? Product.Restocked : product.Status;
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE restock_products SET available = @available, status = @status, inventory_at = @asOf, updated_at = @now WHERE id = @Id",
            new { available, status, asOf = asOf.ToUnixTimeMilliseconds(), now, product.Id },
            transaction,
            cancellationToken: cancellationToken));
        return status;
    }
}
