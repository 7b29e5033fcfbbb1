using System.Globalization;
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
/// Two real <c>fairdrop serve</c> nodes on one PostgreSQL database share a 100,000-shopper round: its one wave is split
/// into keyset ranges (job <c>restock-wave</c>) that both nodes' batch workers claim. One node is SIGKILLed while it
/// writes a partition; the survivor takes that partition over once its lease lapses (and the wave and the round if
/// the dead node managed them) and finishes: every subscription alerted once, with one delivery, no overlap.
/// </summary>
public sealed class PartitionedRoundTests(ITestOutputHelper output)
{
    private const int Subscribers = 100_000;
    private const long Units = 34_000; // one wave of ceil(34,000 × 3) = 102,000: the whole audience at once
    private const int Partitions = 16;

    [SkippableFact]
    public async Task TwoNodes_OneKilledMidPartition_SurvivorFinishesTheRound_EachSubscriptionOnce()
    {
        await using var db = await TestDatabase.CreateAsync(StorageProvider.Postgres);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await SeedAsync(db);
        var seeded = clock.Elapsed;
        await using var first = Start(db);
        await using var second = Start(db);
        var nodes = new[] { first, second };
        var owners = new HashSet<int>();
        int victim = 0;
        await ServeProcess.PollAsync(async () =>
        {
            var partitions = await PartitionsAsync(db);
            foreach (var p in partitions.Where(p => p.Owner is not null))
            {
                owners.Add(PidOf(p.Owner!));
            }

            var writing = partitions.FirstOrDefault(p => p.Status == "started" && p.CommitCount > 0 && p.Owner is not null);
            victim = writing is null ? 0 : PidOf(writing.Owner!);
            return victim != 0 && owners.Count == 2;
        }, first, TimeSpan.FromMinutes(3));
        var killed = nodes.Single(n => n.Id == victim);
        var survivor = nodes.Single(n => n.Id != victim);
        killed.KillHard();
        await killed.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var atKill = await AlertsAsync(db);

        await ServeProcess.PollAsync(async () => await CompletedAsync(db) == 1, survivor, TimeSpan.FromMinutes(3));

        var counts = await CountsAsync(db);
        var partitionsAtEnd = await PartitionsAsync(db);
        output.WriteLine($"seeded in {seeded.TotalSeconds:F0} s; killed node {victim} at {atKill} alerts; done by {clock.Elapsed.TotalSeconds:F0} s; " +
            $"partition claims {string.Join(",", partitionsAtEnd.Select(p => p.Claims))}");
        Assert.Equal(new Counts(Subscribers, Subscribers, Subscribers, Subscribers, Subscribers), counts);
        Assert.InRange(atKill, 1, Subscribers - 1);
        Assert.Equal(Partitions, partitionsAtEnd.Count);
        Assert.All(partitionsAtEnd, p => Assert.Equal("completed", p.Status));
        Assert.Contains(partitionsAtEnd, p => p.Claims > 1 && PidOf(p.Owner!) == survivor.Id); // the killed node's partition, taken over
    }

    private static int PidOf(string owner) => int.Parse(owner.Split('/')[1], CultureInfo.InvariantCulture);

    private static FairdropProcess Start(TestDatabase db) => ServeProcess.Start(db, new Dictionary<string, string>
    {
        ["Fairdrop__Exchange__RunWorkers"] = "false",
        ["Fairdrop__Restock__ChunkSize"] = "1000",
        ["Fairdrop__Restock__PartitionWavesFrom"] = "10000",
        ["Fairdrop__Restock__WavePartitions"] = Partitions.ToString(CultureInfo.InvariantCulture),
        ["Fairdrop__Restock__WavePartitionThreads"] = "1",
    });

    private static async Task SeedAsync(TestDatabase db)
    {
        var (_, inventory, products, waitlist, merchant) = await RestockStack.CreateAsync(db, TimeProvider.System, new RestockOptions());
        Assert.True((await products.UpsertAsync(merchant, [new ProductInput("boot", "BOOT", "Boot", "https://shop.example/boot", null, 0)], default)).IsSuccess);
        await Parallel.ForAsync(0, Subscribers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
        {
            var request = i % 4 == 0
                ? new SubscribeRequest("boot", "in_app", $"user-{i}", "Tell me when it is back")
                : new SubscribeRequest("boot", "email", $"shopper{i}@example.com", "Tell me when it is back");
            Assert.True((await waitlist.SubscribeAsync(merchant, request, token)).IsSuccess);
        });
        Assert.True((await inventory.ReceiveAsync(merchant, [new InventoryMessage("restock-1", "boot", Units)], default)).IsSuccess);
    }

    private static async Task<List<PartitionRow>> PartitionsAsync(TestDatabase db)
    {
        await using var connection = await db.Factory.OpenAsync(default);
        return (await connection.QueryAsync<PartitionRow>(
            "SELECT status AS Status, owner AS Owner, commit_count AS CommitCount, claims AS Claims FROM batch_partitions WHERE job_name = 'restock-wave' ORDER BY seq")).ToList();
    }

    private static async Task<long> AlertsAsync(TestDatabase db)
    {
        await using var connection = await db.Factory.OpenAsync(default);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM exchange_deliveries WHERE source_key IS NOT NULL");
    }

    private static async Task<long> CompletedAsync(TestDatabase db)
    {
        await using var connection = await db.Factory.OpenAsync(default);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM restock_rounds WHERE status = 'completed'");
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
                (SELECT COUNT(*) FROM exchange_deliveries d JOIN restock_subscriptions s ON s.recipient_id = d.recipient_id JOIN restock_rounds r ON r.product_id = s.product_id AND d.source_key = 'restock:' || r.id || ':' || s.id) AS AlertsWithDelivery
            """);
    }

    private sealed record PartitionRow(string Status, string? Owner, long CommitCount, long Claims);

    private sealed record Counts(long Alerts, long AlertedSubscriptions, long Deliveries, long DeliveredRecipients, long AlertsWithDelivery);
}
