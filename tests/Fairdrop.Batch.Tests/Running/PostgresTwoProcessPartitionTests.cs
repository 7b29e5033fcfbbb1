using Dapper;
using Fairdrop.Batch.Model;
using Fairdrop.Batch.Running;
using Fairdrop.Batch.TestHost;
using Fairdrop.Batch.Tests.Support;
using Fairdrop.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Batch.Tests.Running;

/// <summary>Two worker processes on one PostgreSQL share a partitioned step; one is killed and the other finishes its partition.</summary>
public sealed class PostgresTwoProcessPartitionTests
{
    private const int Partitions = 8;
    private const int Per = 1_500;

    [SkippableFact]
    public async Task Run_TwoProcesses_ShareWithoutOverlap_AndSurvivorFinishesTheKilledOnesPartition()
    {
        await using var h = await BatchHarness.CreateAsync(StorageProvider.Postgres, s => s.AddTestJobs());
        await TestJobs.CreateTableAsync(h.Connections, CancellationToken.None);
        using var b = ChildProcess.Start(h.Database, "work", "B");
        using var a = ChildProcess.Start(h.Database, "run", TestJobs.Parts, "A", $"partitions={Partitions}", $"per={Per}", "delay_ms=20");

        // Kill B in the middle of a partition: it has committed some of it and holds the rest under its lease.
        // The victim is read after the kill: B may finish the partition it was seen in between the poll and its death.
        await CrashContract.PollAsync(async () => a.HasExited || await MidPartitionOfAsync(h, "B/") is not null);
        b.Kill();
        var victim = await HeldPartitionOfAsync(h, "B/");
        Assert.Equal(0, await a.WaitAsync(TimeSpan.FromMinutes(2)));

        var execution = Assert.Single(await h.Repository.ListAsync(null, 10, TestJobs.Parts, CancellationToken.None));
        var partitions = await h.Services.GetRequiredService<BatchRuntime>().PartitionStore.ListAsync(execution.InstanceId, "write", CancellationToken.None);
        await using var connection = await h.Connections.OpenAsync(CancellationToken.None);
        var byWorker = (await connection.QueryAsync<(string Partition, string Worker, long Count)>(
            "SELECT partition_key, worker, COUNT(*) FROM batch_test_items GROUP BY partition_key, worker")).ToList();

        Assert.NotNull(victim);
        Assert.Equal(BatchStatus.Completed, execution.Status);
        Assert.Equal(((long)Partitions * Per, (long)Partitions * Per, 0L, (Partitions * Per) - 1L), await TestItems.SummaryAsync(h.Connections));
        Assert.All(partitions, p => Assert.Equal((BatchStatusText.Completed, (long)Per), (p.Status, p.WriteCount)));
        Assert.Equal(["A", "B"], byWorker.Where(r => r.Partition == victim).Select(r => r.Worker).Order(StringComparer.Ordinal));
        Assert.Equal(2L, partitions.Single(p => p.PartitionKey == victim).Claims);
        Assert.All(partitions.Where(p => p.PartitionKey != victim), p => Assert.Equal(1L, p.Claims));
    }

    private static async Task<string?> HeldPartitionOfAsync(BatchHarness h, string owner)
    {
        await using var connection = await h.Connections.OpenAsync(CancellationToken.None);
        return await connection.QueryFirstOrDefaultAsync<string>(
            "SELECT partition_key FROM batch_partitions WHERE status = 'started' AND owner LIKE @owner AND write_count > 0",
            new { owner = owner + "%" });
    }

    private static async Task<string?> MidPartitionOfAsync(BatchHarness h, string owner)
    {
        await using var connection = await h.Connections.OpenAsync(CancellationToken.None);
        return await connection.QueryFirstOrDefaultAsync<string>(
            "SELECT partition_key FROM batch_partitions WHERE status = 'started' AND owner LIKE @owner AND write_count >= 300 AND write_count <= @max",
            new { owner = owner + "%", max = Per - 300 });
    }
}
