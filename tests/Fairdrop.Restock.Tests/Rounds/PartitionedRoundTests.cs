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
        await RoundAudit.SeedAsync(db, Subscribers, Units);
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
        var atKill = (await RoundAudit.CountsAsync(db)).Alerts;

        await ServeProcess.PollAsync(async () => (await RoundAudit.CountsAsync(db)).Completed == 1, survivor, TimeSpan.FromMinutes(3));

        var counts = await RoundAudit.CountsAsync(db);
        var partitionsAtEnd = await PartitionsAsync(db);
        output.WriteLine($"seeded in {seeded.TotalSeconds:F0} s; killed node {victim} at {atKill} alerts; done by {clock.Elapsed.TotalSeconds:F0} s; " +
            $"partition claims {string.Join(",", partitionsAtEnd.Select(p => p.Claims))}");
        Assert.Equal(new RoundCounts(Subscribers, Subscribers, Subscribers, Subscribers, Subscribers, 1), counts);
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

    private static async Task<List<PartitionRow>> PartitionsAsync(TestDatabase db)
    {
        await using var connection = await db.Factory.OpenAsync(default);
        return (await connection.QueryAsync<PartitionRow>(
            "SELECT status AS Status, owner AS Owner, commit_count AS CommitCount, claims AS Claims FROM batch_partitions WHERE job_name = 'restock-wave' ORDER BY seq")).ToList();
    }

    private sealed record PartitionRow(string Status, string? Owner, long CommitCount, long Claims);

}
