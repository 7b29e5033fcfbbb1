using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Inventory;
using Fairdrop.Restock.Tests.Support;
using Fairdrop.Restock.Waitlist;
using Fairdrop.Testing;
using Xunit.Abstractions;

namespace Fairdrop.Restock.Tests.Rounds;

/// <summary>
/// The real <c>fairdrop serve</c> killed with SIGKILL at three random points of a 20,000-shopper restock round and
/// started again: the round is one execution of the batch job <c>restock-round</c>, which the framework takes over
/// after each kill (its lease lapses) and resumes from its checkpoint. Once the round completes, every subscriber has
/// exactly one alert and exactly one exchange delivery, whatever the kills hit.
/// </summary>
public abstract class RoundCrashContract(StorageProvider provider, ITestOutputHelper output)
{
    private const int Subscribers = 20_000;
    private const long Units = 2_500; // waves of ceil(2,500 × 3) = 7,500: three waves, so kills land inside and between waves

    [SkippableFact]
    public async Task Serve_KilledMidRoundAndRestarted_EverySubscriberAlertedExactlyOnce()
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db);
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var seen = new List<long>();
        for (var kill = 0; kill < 3; kill++)
        {
            await using var server = Start(db);
            var target = Math.Min(seen.LastOrDefault() + random.Next(1_000, 6_000), Subscribers - 1);
            // A round that already completed (an earlier kill landed after its last chunk) never reaches a new target.
            await ServeProcess.PollAsync(async () => server.HasExited || await CountsAsync(db) is var c && (c.Alerts >= target || c.Completed == 1), server, TimeSpan.FromSeconds(60));
            server.KillHard();
            await server.WaitForExitAsync(TimeSpan.FromSeconds(10));
            seen.Add((await CountsAsync(db)).Alerts);
        }

        await using (var last = Start(db))
        {
            await ServeProcess.PollAsync(async () => (await CountsAsync(db)).Completed == 1, last, TimeSpan.FromSeconds(120));
        }

        var counts = await CountsAsync(db);
        var executions = await ExecutionsAsync(db);
        output.WriteLine($"seed {seed}; kills at {string.Join(", ", seen)} alerts; round executions {executions}");
        Assert.Equal(new Counts(Subscribers, Subscribers, Subscribers, Subscribers, Subscribers, 1), counts);
        // One execution from the round's opening to its end: every kill was resumed (taken over), never started afresh.
        Assert.Equal(new Executions(1, 1), executions);
        // The first kill must land inside the round; on a loaded machine the later ones may land after it completed
        // (a chunk of 200 commits faster than the poll), which still tests a restart but not a mid-round crash.
        Assert.True(seen.SequenceEqual(seen.Order()) && seen[0] > 0 && seen[0] < Subscribers, $"kills landed at {string.Join(", ", seen)} alerts");
    }

    private static FairdropProcess Start(TestDatabase db) => ServeProcess.Start(db, new Dictionary<string, string>
    {
        ["Fairdrop__Exchange__RunWorkers"] = "false",
        ["Fairdrop__Restock__WaveInterval"] = "00:00:01",
        ["Fairdrop__Restock__ChunkSize"] = "200",
    });

    /// <summary>A product with <see cref="Subscribers"/> shoppers waiting, restocked: the server's job opens the round.</summary>
    private static async Task SeedAsync(TestDatabase db)
    {
        var (_, inventory, products, waitlist, merchant) = await RestockStack.CreateAsync(db, TimeProvider.System, new RestockOptions());
        Assert.True((await products.UpsertAsync(merchant, [new ProductInput("boot", "BOOT", "Boot", "https://shop.example/boot", null, 0)], default)).IsSuccess);
        await Parallel.ForAsync(0, Subscribers, new ParallelOptions { MaxDegreeOfParallelism = db.PostgresConnectionString is null ? 1 : 8 }, async (i, token) =>
        {
            var channel = i % 4 == 0 ? "in_app" : "email";
            var contact = channel == "email" ? $"shopper{i}@example.com" : $"user-{i}";
            Assert.True((await waitlist.SubscribeAsync(merchant, new SubscribeRequest("boot", channel, contact, "Tell me when it is back"), token)).IsSuccess);
        });

        Assert.True((await inventory.ReceiveAsync(merchant, [new InventoryMessage("restock-1", "boot", Units)], default)).IsSuccess);
    }

    private static async Task<Counts> CountsAsync(TestDatabase db)
    {
        await using var connection = await db.Factory.OpenAsync(default);
        return await connection.QuerySingleAsync<Counts>(
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

    private static async Task<Executions> ExecutionsAsync(TestDatabase db)
    {
        await using var connection = await db.Factory.OpenAsync(default);
        return await connection.QuerySingleAsync<Executions>(
            "SELECT COUNT(*) AS Count, COUNT(CASE WHEN status = 'completed' THEN 1 END) AS Completed FROM batch_job_executions WHERE job_name = 'restock-round'");
    }

    private sealed record Executions(long Count, long Completed);

    private sealed record Counts(long Alerts, long AlertedSubscriptions, long Deliveries, long DeliveredRecipients, long AlertsWithDelivery, long Completed);
}

public sealed class SqliteRoundCrashTests(ITestOutputHelper output) : RoundCrashContract(StorageProvider.Sqlite, output);

public sealed class PostgresRoundCrashTests(ITestOutputHelper output) : RoundCrashContract(StorageProvider.Postgres, output);
