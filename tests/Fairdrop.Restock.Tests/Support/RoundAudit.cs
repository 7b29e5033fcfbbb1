using Dapper;
using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Inventory;
using Fairdrop.Restock.Waitlist;
using Fairdrop.Testing;

namespace Fairdrop.Restock.Tests.Support;

/// <summary>The rounds' crash tests' shared set-up and audit: one product, its waitlist, one restock; what the rows say afterwards.</summary>
internal static class RoundAudit
{
    /// <summary>One product with <paramref name="subscribers"/> waiting (every fourth in-app, the rest email), then a restock of <paramref name="units"/>.</summary>
    public static async Task SeedAsync(TestDatabase db, int subscribers, long units)
    {
        var (_, inventory, products, waitlist, merchant) = await RestockStack.CreateAsync(db, TimeProvider.System, new RestockOptions());
        Assert.True((await products.UpsertAsync(merchant, [new ProductInput("boot", "BOOT", "Boot", "https://shop.example/boot", null, 0)], default)).IsSuccess);
        await Parallel.ForAsync(0, subscribers, new ParallelOptions { MaxDegreeOfParallelism = db.PostgresConnectionString is null ? 1 : 16 }, async (i, token) =>
        {
            var channel = i % 4 == 0 ? "in_app" : "email";
            var contact = channel == "email" ? $"shopper{i}@example.com" : $"user-{i}";
            Assert.True((await waitlist.SubscribeAsync(merchant, new SubscribeRequest("boot", channel, contact, "Tell me when it is back"), token)).IsSuccess);
        });

        Assert.True((await inventory.ReceiveAsync(merchant, [new InventoryMessage("restock-1", "boot", units)], default)).IsSuccess);
    }

    /// <summary>Alerts (keyed deliveries), the subscriptions they reach, restock deliveries and their recipients, and completed rounds.</summary>
    public static async Task<RoundCounts> CountsAsync(TestDatabase db)
    {
        await using var connection = await db.Factory.OpenAsync(default);
        return await connection.QuerySingleAsync<RoundCounts>(
            """
            SELECT
                (SELECT COUNT(*) FROM exchange_deliveries WHERE source_key IS NOT NULL) AS Alerts,
                (SELECT COUNT(DISTINCT s.id) FROM exchange_deliveries d JOIN restock_subscriptions s ON s.recipient_id = d.recipient_id JOIN restock_rounds r ON r.product_id = s.product_id AND d.source_key = 'restock:' || r.id || ':' || s.id) AS AlertedSubscriptions,
                (SELECT COUNT(*) FROM exchange_deliveries d JOIN exchange_distributions x ON x.id = d.distribution_id WHERE x.source = 'restock') AS Deliveries,
                (SELECT COUNT(DISTINCT d.recipient_id) FROM exchange_deliveries d JOIN exchange_distributions x ON x.id = d.distribution_id WHERE x.source = 'restock') AS DeliveredRecipients,
                (SELECT COUNT(*) FROM exchange_deliveries d JOIN restock_subscriptions s ON s.recipient_id = d.recipient_id JOIN restock_rounds r ON r.product_id = s.product_id AND d.source_key = 'restock:' || r.id || ':' || s.id) AS AlertsWithDelivery,
                (SELECT COUNT(*) FROM restock_rounds WHERE status = 'completed') AS Completed
            """);
    }
}

internal sealed record RoundCounts(long Alerts, long AlertedSubscriptions, long Deliveries, long DeliveredRecipients, long AlertsWithDelivery, long Completed);
