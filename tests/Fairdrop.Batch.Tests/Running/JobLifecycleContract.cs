using Fairdrop.Batch.Model;
using Fairdrop.Batch.Steps;
using Fairdrop.Batch.TestHost;
using Fairdrop.Batch.Tests.Support;
using Fairdrop.Batch.Writers;
using Fairdrop.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Batch.Tests.Running;

/// <summary>Running, completing, failing, restarting and leasing jobs behave the same on every database.</summary>
public abstract class JobLifecycleContract(StorageProvider provider)
{
    private static readonly JobParameters Count1050 = JobParameters.Empty.With("count", "1050");

    [SkippableFact]
    public async Task Run_ChunkStep_WritesEveryItemOnceAndRecordsCountsAndCheckpoint()
    {
        await using var h = await HarnessAsync(s => s.AddTestJobs());

        var result = await h.Launcher.RunAsync(TestJobs.Items, Count1050, rerun: false, CancellationToken.None);

        var execution = result.Value!;
        Assert.Equal(BatchStatus.Completed, execution.Status);
        Assert.Equal((1050L, 1050L, 0L, 1049L), await TestItems.SummaryAsync(h.Connections));
        var step = Assert.Single(execution.Steps);
        Assert.Equal(new StepCounts(1050, 1050, 0, 0, 3), step.Counts);
        Assert.Equal("1049", step.Checkpoint);
        Assert.Equal(BatchStatus.Completed, step.Status);
    }

    [SkippableFact]
    public async Task Run_CompletedInstance_IsRefusedUnlessRerunAsked()
    {
        await using var h = await HarnessAsync(s => s.AddTestJobs());
        var parameters = JobParameters.Empty.With("count", "10");
        var first = await h.Launcher.RunAsync(TestJobs.Items, parameters, rerun: false, CancellationToken.None);

        var again = await h.Launcher.RunAsync(TestJobs.Items, parameters.With("delay_ms", "1"), rerun: false, CancellationToken.None);
        var otherInstance = await h.Launcher.RunAsync(TestJobs.Items, JobParameters.Empty.With("count", "0"), rerun: false, CancellationToken.None);

        Assert.Equal(BatchErrorCodes.AlreadyCompleted, again.Error?.Code);
        Assert.Equal(BatchStatus.Completed, otherInstance.Value!.Status);
        Assert.NotEqual(first.Value!.InstanceId, otherInstance.Value.InstanceId);
    }

    [SkippableFact]
    public async Task Run_BadInput_ReturnsErrorsNotExceptions()
    {
        await using var h = await HarnessAsync(s => s.AddTestJobs());
        var completed = (await h.Launcher.RunAsync(TestJobs.Items, JobParameters.Empty.With("count", "5"), false, CancellationToken.None)).Value!;

        Assert.Equal(BatchErrorCodes.UnknownJob, (await h.Launcher.PrepareAsync("nope", JobParameters.Empty, false, CancellationToken.None)).Error?.Code);
        Assert.Equal(BatchErrorCodes.InvalidParameters, (await h.Launcher.PrepareAsync(TestJobs.Items, JobParameters.Empty, false, CancellationToken.None)).Error?.Code);
        Assert.Equal(BatchErrorCodes.InvalidParameters, (await h.Launcher.PrepareAsync(TestJobs.Items, JobParameters.Empty.With("count", "x"), false, CancellationToken.None)).Error?.Code);
        Assert.Equal("colour", (await h.Launcher.PrepareAsync(TestJobs.Items, Count1050.With("colour", "red"), false, CancellationToken.None)).Error?.Field);
        Assert.Equal(BatchErrorCodes.NotRestartable, (await h.Launcher.PrepareRestartAsync(completed.Id, CancellationToken.None)).Error?.Code);
        Assert.Equal(BatchErrorCodes.ExecutionNotFound, (await h.Launcher.PrepareRestartAsync(Guid.NewGuid(), CancellationToken.None)).Error?.Code);
    }

    [SkippableFact]
    public async Task Restart_AfterFailure_ResumesAfterLastCommittedChunk()
    {
        var failOnce = new FailOnce(1200);
        await using var h = await HarnessAsync(s => s.AddBatchJob("flaky", job => job.Chunk<long>("write", step => step
            .ChunkSize(500)
            .Reader(_ => new RangeReader(0, 2000))
            .Writer(_ => new FailingWriter(failOnce, new BulkInsertWriter<long>(new BulkTable<long>("batch_test_items", [new("item_id", i => i), new("worker", _ => "t")])))))));

        var failed = (await h.Launcher.RunAsync("flaky", JobParameters.Empty, false, CancellationToken.None)).Value!;
        var afterFailure = await TestItems.CountAsync(h.Connections);
        var restarted = await h.Launcher.PrepareRestartAsync(failed.Id, CancellationToken.None);
        var done = await h.Launcher.ExecuteAsync(restarted.Value!, CancellationToken.None);

        Assert.Equal(BatchStatus.Failed, failed.Status);
        Assert.Contains("InvalidOperationException", failed.ExitMessage, StringComparison.Ordinal);
        Assert.Equal("999", failed.Steps[0].Checkpoint);
        Assert.Equal(1000, afterFailure);
        Assert.Equal(BatchStatus.Completed, done.Status);
        Assert.Equal(failed.Id, done.RestartOf);
        Assert.Equal((2000L, 2000L, 0L, 1999L), await TestItems.SummaryAsync(h.Connections));
        Assert.Equal(new StepCounts(2000, 2000, 0, 0, 4), done.Steps[0].Counts);
    }

    [SkippableFact]
    public async Task Prepare_WhileLeaseLive_IsRefused_AndAfterExpiryTakesOverWhileOldOwnerIsFenced()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-22T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var h = await HarnessAsync(s => s.AddTestJobs(), time);
        var parameters = JobParameters.Empty.With("count", "1000");
        var first = (await h.Launcher.PrepareAsync(TestJobs.Items, parameters, false, CancellationToken.None)).Value!;

        var second = await h.Launcher.PrepareAsync(TestJobs.Items, parameters, false, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(31));
        var third = (await h.Launcher.PrepareAsync(TestJobs.Items, parameters, false, CancellationToken.None)).Value!;
        var stale = await h.Launcher.ExecuteAsync(first, CancellationToken.None);
        var writtenByStale = await TestItems.CountAsync(h.Connections);
        var done = await h.Launcher.ExecuteAsync(third, CancellationToken.None);

        Assert.Equal(BatchErrorCodes.AlreadyRunning, second.Error?.Code);
        Assert.True(third.TakenOver);
        Assert.Equal(first.ExecutionId, third.ExecutionId);
        Assert.Equal(BatchStatus.Started, stale.Status);
        Assert.Equal(0, writtenByStale);
        Assert.Equal(BatchStatus.Completed, done.Status);
        Assert.Equal(1L, done.Takeovers);
        Assert.Equal(1000, await TestItems.CountAsync(h.Connections));
    }

    [SkippableFact]
    public async Task TaskStep_RunsAfterChunkStep_AndListShowsNewestFirst()
    {
        var ran = new List<string>();
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-22T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var h = await HarnessAsync(s => s
            .AddTestJobs()
            .AddBatchJob("two-steps", job => job
                .Task("first", (context, _) => { ran.Add(context.StepName); return Task.CompletedTask; })
                .Task("second", (context, _) => { ran.Add(context.StepName); return Task.CompletedTask; })), time);
        var a = (await h.Launcher.RunAsync(TestJobs.Items, JobParameters.Empty.With("count", "3"), false, CancellationToken.None)).Value!;
        time.Advance(TimeSpan.FromSeconds(1));
        var b = (await h.Launcher.RunAsync("two-steps", JobParameters.Empty, false, CancellationToken.None)).Value!;

        var list = await h.Repository.ListAsync(null, 10, null, CancellationToken.None);
        var onlyItems = await h.Repository.ListAsync(null, 10, TestJobs.Items, CancellationToken.None);

        Assert.Equal(["first", "second"], ran);
        Assert.Equal([b.Id, a.Id], list.Select(e => e.Id));
        Assert.Equal([a.Id], onlyItems.Select(e => e.Id));
        Assert.Equal(["first", "second"], b.Steps.Select(s => s.StepName));
    }

    private async Task<BatchHarness> HarnessAsync(Action<IServiceCollection> jobs, TimeProvider? time = null)
    {
        var harness = await BatchHarness.CreateAsync(provider, jobs, time);
        await TestJobs.CreateTableAsync(harness.Connections, CancellationToken.None);
        return harness;
    }

    private sealed class FailOnce(long item)
    {
        public long Item { get; } = item;

        public bool Failed { get; set; }
    }

    private sealed class FailingWriter(FailOnce fail, IItemWriter<long> inner) : IItemWriter<long>
    {
        public async Task WriteAsync(IReadOnlyList<long> items, ChunkTransaction transaction, CancellationToken cancellationToken)
        {
            await inner.WriteAsync(items, transaction, cancellationToken);
            if (!fail.Failed && items.Contains(fail.Item))
            {
                fail.Failed = true;
                throw new InvalidOperationException("The disk is on fire.");
            }
        }
    }
}

public sealed class SqliteJobLifecycleTests() : JobLifecycleContract(StorageProvider.Sqlite);

public sealed class PostgresJobLifecycleTests() : JobLifecycleContract(StorageProvider.Postgres);
