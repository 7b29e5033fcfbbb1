using Fairdrop.Batch.Model;
using Fairdrop.Batch.Running;
using Fairdrop.Batch.TestHost;
using Fairdrop.Batch.Tests.Support;
using Fairdrop.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Batch.Tests.Running;

/// <summary>A partitioned step shared by the manager and another worker in the same process: every partition claimed once.</summary>
public abstract class PartitionContract(StorageProvider provider)
{
    [SkippableFact]
    public async Task Run_PartitionedStep_WithASecondWorker_ClaimsEachPartitionOnceAndWritesEveryItemOnce()
    {
        await using var h = await BatchHarness.CreateAsync(provider, s => s.AddTestJobs());
        await TestJobs.CreateTableAsync(h.Connections, CancellationToken.None);
        var worker = h.Services.GetRequiredService<BatchWorker>();
        var parameters = JobParameters.Empty.With("partitions", "6").With("per", "300");

        var run = h.Launcher.RunAsync(TestJobs.Parts, parameters, false, CancellationToken.None);
        while (!run.IsCompleted)
        {
            await worker.RunOnceAsync(CancellationToken.None);
            await Task.Delay(10);
        }

        var execution = (await run).Value!;
        var partitions = await h.Services.GetRequiredService<BatchRuntime>().PartitionStore.ListAsync(execution.InstanceId, "write", CancellationToken.None);
        Assert.Equal(BatchStatus.Completed, execution.Status);
        Assert.Equal((1800L, 1800L, 0L, 1799L), await TestItems.SummaryAsync(h.Connections));
        Assert.Equal(6, partitions.Count);
        Assert.All(partitions, p => Assert.Equal((BatchStatusText.Completed, 1L, 300L), (p.Status, p.Claims, p.WriteCount)));
        Assert.Equal(new StepCounts(1800, 1800, 0, 0, 18), execution.Steps[0].Counts);
    }
}

public sealed class SqlitePartitionTests() : PartitionContract(StorageProvider.Sqlite);

public sealed class PostgresPartitionTests() : PartitionContract(StorageProvider.Postgres);
