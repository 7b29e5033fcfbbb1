using Fairdrop.Batch.Model;
using Fairdrop.Batch.TestHost;
using Fairdrop.Batch.Tests.Support;
using Fairdrop.Core.Storage;

namespace Fairdrop.Batch.Tests.Running;

/// <summary>
/// Real child processes killed with SIGKILL at random moments: whatever committed stays, nothing is written twice
/// (the table's primary key would fail the job), and the last run completes the same execution.
/// </summary>
public abstract class CrashContract(StorageProvider provider)
{
    private const int Items = 100_000;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [SkippableFact]
    public async Task Run_KilledRepeatedly_WritesEveryItemExactlyOnceAndCompletes()
    {
        await using var h = await BatchHarness.CreateAsync(provider, s => s.AddTestJobs());
        await TestJobs.CreateTableAsync(h.Connections, CancellationToken.None);
        var random = new Random();
        string[] args = ["run", TestJobs.Items, "node", $"count={Items}", "delay_ms=5"];
        var seen = new List<long>();
        for (var kill = 0; kill < 3; kill++)
        {
            using var child = ChildProcess.Start(h.Database, args);
            // Kill once this run has written a random amount more: mid-chunk or between chunks, wherever it is.
            var target = (seen.LastOrDefault() + random.Next(5_000, 25_000));
            await PollAsync(async () => child.HasExited || await TestItems.CountAsync(h.Connections) >= target);
            child.Kill();
            seen.Add(await TestItems.CountAsync(h.Connections));
        }

        using (var last = ChildProcess.Start(h.Database, args))
        {
            Assert.Equal(0, await last.WaitAsync(Patience));
        }

        var execution = Assert.Single(await h.Repository.ListAsync(null, 10, TestJobs.Items, CancellationToken.None));
        Assert.Equal(BatchStatus.Completed, execution.Status);
        Assert.Equal(((long)Items, (long)Items, 0L, Items - 1L), await TestItems.SummaryAsync(h.Connections));
        Assert.Equal(new StepCounts(Items, Items, 0, 0, Items / 500), execution.Steps[0].Counts);
        Assert.Equal(3L, execution.Takeovers);
        Assert.True(seen.SequenceEqual(seen.Order()) && seen[0] > 0 && seen[^1] < Items, $"kills landed at {string.Join(", ", seen)}");
    }

    internal static async Task PollAsync(Func<Task<bool>> done)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(clock.Elapsed < Patience, "The child process made no progress in time.");
            await Task.Delay(20);
        }
    }
}

public sealed class SqliteCrashTests() : CrashContract(StorageProvider.Sqlite);

public sealed class PostgresCrashTests() : CrashContract(StorageProvider.Postgres);
