using Fairdrop.Batch.Model;
using Fairdrop.Batch.Steps;
using Fairdrop.Batch.TestHost;
using Fairdrop.Batch.Tests.Support;
using Fairdrop.Batch.Writers;
using Fairdrop.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Batch.Tests.Running;

/// <summary>A chunk step that pauses (until a time, or until woken) resumes as the same execution from its checkpoint.</summary>
public abstract class PauseContract(StorageProvider provider)
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 12, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task PausingReader_PausesUntilDue_ThenTheSameExecutionResumesFromItsCheckpoint()
    {
        var time = new FakeTimeProvider(Start);
        var gate = new Gate(500, Start.AddMinutes(15));
        await using var h = await HarnessAsync( s => s.AddBatchJob("waves", job => job.Chunk<long>("write", step => step
            .ChunkSize(context => 200)
            .Reader(_ => new GatedReader(gate, time))
            .Writer(_ => new StagedWriter(gate)))), time);

        var paused = (await h.Launcher.RunAsync("waves", JobParameters.Empty, false, CancellationToken.None)).Value!;
        var early = await h.Launcher.PrepareAsync("waves", JobParameters.Empty, false, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(15));
        var resumed = (await h.Launcher.RunAsync("waves", JobParameters.Empty, false, CancellationToken.None)).Value!;

        Assert.True(paused.Status == BatchStatus.Paused, paused.ExitMessage);
        Assert.Equal(Start.AddMinutes(15), paused.ResumeAt);
        Assert.Equal("499", paused.Steps[0].Checkpoint);
        Assert.Equal(BatchStatus.Paused, paused.Steps[0].Status);
        Assert.Equal(BatchErrorCodes.Paused, early.Error?.Code);
        Assert.Equal(paused.Id, resumed.Id);
        Assert.Equal(BatchStatus.Completed, resumed.Status);
        Assert.Equal(0, resumed.Takeovers);
        Assert.Equal((1000L, 1000L, 0L, 999L), await TestItems.SummaryAsync(h.Connections));
        Assert.Equal(new StepCounts(1000, 1000, 0, 0, 6), resumed.Steps[0].Counts);
        // Prepared before each transaction and told its outcome after: chunks of 200, 200, 100, then after the pause 200, 200, 100.
        Assert.Equal(6, gate.Committed);
    }

    [SkippableFact]
    public async Task PauseWithoutTime_WaitsUntilWoken()
    {
        var time = new FakeTimeProvider(Start);
        var gate = new Gate(300, null);
        await using var h = await HarnessAsync( s => s.AddBatchJob("sold-out", job => job.Chunk<long>("write", step => step
            .ChunkSize(100)
            .Reader(_ => new GatedReader(gate, time))
            .Writer(_ => new StagedWriter(gate)))), time);

        var paused = (await h.Launcher.RunAsync("sold-out", JobParameters.Empty, false, CancellationToken.None)).Value!;
        time.Advance(TimeSpan.FromDays(30));
        var stillPaused = await h.Launcher.PrepareAsync("sold-out", JobParameters.Empty, false, CancellationToken.None);
        gate.Open = true;
        Assert.True(await h.Launcher.WakeAsync("sold-out", JobParameters.Empty, CancellationToken.None));
        var resumed = (await h.Launcher.RunAsync("sold-out", JobParameters.Empty, false, CancellationToken.None)).Value!;

        Assert.Equal(BatchStatus.Paused, paused.Status);
        Assert.Null(paused.ResumeAt);
        Assert.Equal(BatchErrorCodes.Paused, stillPaused.Error?.Code);
        Assert.Equal(BatchStatus.Completed, resumed.Status);
        Assert.Equal((1000L, 1000L, 0L, 999L), await TestItems.SummaryAsync(h.Connections));
        Assert.False(await h.Launcher.WakeAsync("sold-out", JobParameters.Empty, CancellationToken.None));
    }

    private async Task<BatchHarness> HarnessAsync(Action<IServiceCollection> jobs, TimeProvider time)
    {
        var harness = await BatchHarness.CreateAsync(provider, jobs, time);
        await TestJobs.CreateTableAsync(harness.Connections, CancellationToken.None);
        return harness;
    }

    /// <summary>Items 0–999; nothing past <see cref="At"/> until <see cref="Until"/> (or until opened).</summary>
    private sealed class Gate(long at, DateTimeOffset? until)
    {
        public long At { get; } = at;

        public DateTimeOffset? Until { get; } = until;

        public bool Open { get; set; }

        public int Prepared { get; set; }

        public int Committed { get; set; }
    }

    private sealed class GatedReader(Gate gate, TimeProvider time) : IItemReader<long>, IPausingReader
    {
        private readonly RangeReader _range = new(0, 1000);

        public StepPause? Pause { get; private set; }

        public async Task<IReadOnlyList<long>> ReadAsync(string? after, int count, CancellationToken cancellationToken)
        {
            Pause = null;
            var from = after is null ? 0 : long.Parse(after, System.Globalization.CultureInfo.InvariantCulture) + 1;
            var open = gate.Open || (gate.Until is { } until && time.GetUtcNow() >= until);
            if (from == gate.At && !open)
            {
                Pause = new StepPause(gate.Until, "gate closed");
                return [];
            }

            var limit = from < gate.At ? (int)Math.Min(count, gate.At - from) : count;
            return await _range.ReadAsync(after, limit, cancellationToken);
        }

        public string PositionOf(long item) => _range.PositionOf(item);
    }

    private sealed class StagedWriter(Gate gate) : IStagedItemWriter<long>
    {
        private readonly BulkInsertWriter<long> _inner = new(new BulkTable<long>("batch_test_items", [new("item_id", i => i), new("worker", _ => "t")]));

        public Task PrepareAsync(IReadOnlyList<long> items, System.Data.Common.DbConnection connection, CancellationToken cancellationToken)
        {
            gate.Prepared++;
            return Task.CompletedTask;
        }

        public Task WriteAsync(IReadOnlyList<long> items, ChunkTransaction transaction, CancellationToken cancellationToken) =>
            _inner.WriteAsync(items, transaction, cancellationToken);

        public void Completed(bool committed)
        {
            Assert.Equal(gate.Committed + 1, gate.Prepared);
            gate.Committed += committed ? 1 : 0;
        }
    }
}

public sealed class SqlitePauseTests() : PauseContract(StorageProvider.Sqlite);

public sealed class PostgresPauseTests() : PauseContract(StorageProvider.Postgres);
