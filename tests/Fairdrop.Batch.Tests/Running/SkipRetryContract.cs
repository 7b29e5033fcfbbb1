using Fairdrop.Batch.Model;
using Fairdrop.Batch.Steps;
using Fairdrop.Batch.TestHost;
using Fairdrop.Batch.Tests.Support;
using Fairdrop.Batch.Writers;
using Fairdrop.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Batch.Tests.Running;

/// <summary>Retries and skips are counted exactly, and a poisoned item is skipped and recorded, never retried forever.</summary>
public abstract class SkipRetryContract(StorageProvider provider)
{
    [SkippableFact]
    public async Task Run_WithTransientAndPoisonedItems_CountsRetriesAndSkipsExactly()
    {
        var faults = new Faults();
        await using var h = await HarnessAsync(faults, skipLimit: 10);

        var execution = (await h.Launcher.RunAsync("faulty", JobParameters.Empty, false, CancellationToken.None)).Value!;
        var skipped = await h.Repository.SkippedAsync(execution.Id, CancellationToken.None);

        Assert.Equal(BatchStatus.Completed, execution.Status);
        // 7 recovers after 2 retries; 13 fails every time: 3 retries, then skipped; the chunk with 30 retries its write once.
        Assert.Equal(new StepCounts(Read: 100, Written: 97, Skipped: 3, Retried: 6, Committed: 10), execution.Steps[0].Counts);
        Assert.Equal(
            [("13", "process", nameof(TransientError)), ("50", "process", nameof(PoisonError)), ("77", "write", nameof(BadRowError))],
            skipped.Select(s => (s.Item, s.Phase, s.Reason.Split(':')[0])).OrderBy(s => s.Item, StringComparer.Ordinal));
        Assert.Equal(97, await TestItems.CountAsync(h.Connections));
        Assert.Equal(0, await TestItems.CountAsync(h.Connections, "WHERE item_id IN (13, 50, 77)"));
        Assert.Equal(4, faults.Attempts(13));
        Assert.Equal(1, faults.Attempts(50));
    }

    [SkippableFact]
    public async Task Run_MoreSkipsThanTheLimit_FailsTheStepAndKeepsCommittedWork()
    {
        await using var h = await HarnessAsync(new Faults(), skipLimit: 2);

        var execution = (await h.Launcher.RunAsync("faulty", JobParameters.Empty, false, CancellationToken.None)).Value!;

        Assert.Equal(BatchStatus.Failed, execution.Status);
        Assert.Contains("BadRowError", execution.ExitMessage, StringComparison.Ordinal);
        Assert.Equal(2, execution.Steps[0].Counts.Skipped);
        Assert.Equal("69", execution.Steps[0].Checkpoint);
        Assert.Equal(68, await TestItems.CountAsync(h.Connections));
    }

    private async Task<BatchHarness> HarnessAsync(Faults faults, int skipLimit)
    {
        var table = new BulkTable<long>("batch_test_items", [new("item_id", i => i), new("worker", _ => "t")]);
        var harness = await BatchHarness.CreateAsync(provider, s => s.AddBatchJob("faulty", job => job.Chunk<long>("write", step => step
            .ChunkSize(10)
            .Reader(_ => new RangeReader(0, 100))
            .Processor(faults.ProcessAsync)
            .Writer(_ => new FaultyWriter(faults, new BulkInsertWriter<long>(table)))
            .RetryOn<TransientError>(maxRetries: 3, delay: TimeSpan.Zero)
            .RetryOn<TransientDbError>(maxRetries: 3, delay: TimeSpan.Zero)
            .SkipOn<TransientError>(skipLimit)
            .SkipOn<PoisonError>(skipLimit)
            .SkipOn<BadRowError>(skipLimit))));
        await TestJobs.CreateTableAsync(harness.Connections, CancellationToken.None);
        return harness;
    }

    private sealed class Faults
    {
        private readonly Dictionary<long, int> _attempts = [];
        private bool _writeFailed;

        public int Attempts(long item) => _attempts.GetValueOrDefault(item);

        public ValueTask<long> ProcessAsync(long item, CancellationToken cancellationToken)
        {
            var attempt = _attempts[item] = Attempts(item) + 1;
            return item switch
            {
                7 when attempt <= 2 => throw new TransientError(),
                13 => throw new TransientError(),
                50 => throw new PoisonError(),
                _ => ValueTask.FromResult(item),
            };
        }

        public void BeforeWrite(IReadOnlyList<long> items)
        {
            if (items.Contains(30) && !_writeFailed)
            {
                _writeFailed = true;
                throw new TransientDbError();
            }

            if (items.Contains(77))
            {
                throw new BadRowError();
            }
        }
    }

    private sealed class FaultyWriter(Faults faults, IItemWriter<long> inner) : IItemWriter<long>
    {
        public async Task WriteAsync(IReadOnlyList<long> items, ChunkTransaction transaction, CancellationToken cancellationToken)
        {
            await inner.WriteAsync(items, transaction, cancellationToken);
            faults.BeforeWrite(items);
        }
    }

    private sealed class TransientError() : Exception("try again");

    private sealed class TransientDbError() : Exception("connection reset");

    private sealed class PoisonError() : Exception("cannot parse");

    private sealed class BadRowError() : Exception("constraint");
}

public sealed class SqliteSkipRetryTests() : SkipRetryContract(StorageProvider.Sqlite);

public sealed class PostgresSkipRetryTests() : SkipRetryContract(StorageProvider.Postgres);
