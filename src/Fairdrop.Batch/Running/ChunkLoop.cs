using System.Data.Common;
using Fairdrop.Batch.Model;
using Fairdrop.Batch.Steps;
using Polly;
using Polly.Retry;

namespace Fairdrop.Batch.Running;

/// <summary>
/// The read-process-write loop of a chunk step: read a chunk after the checkpoint, process each item (retrying
/// transient failures, skipping allowed ones), then write the chunk, record skips and move the checkpoint in one transaction.
/// </summary>
internal sealed class ChunkLoop<TIn, TOut>(ChunkStep<TIn, TOut> step, StepRun run)
{
    private readonly BatchRuntime _runtime = run.Runtime;
    private long _retries;
    private long _skipped = run.Target.StartCounts.Skipped;

    /// <summary>Runs until the reader is done (null) or asks to pause (its <see cref="StepPause"/>).</summary>
    public async Task<StepPause?> RunAsync(CancellationToken cancellationToken)
    {
        var reader = step.Reader(run.Context);
        var writer = step.Writer(run.Context);
        var items = Pipeline(step.Retry.CanRetry);
        var writes = Pipeline(e => step.Retry.CanRetry(e) || (e is DbException db && _runtime.Connections.Dialect.IsTransient(db)));
        var size = step.SizeOf?.Invoke(run.Context) ?? step.ChunkSize;
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var position = run.Target.Checkpoint;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = await items.ExecuteAsync(async (state, token) => await reader.ReadAsync(state, size, token), position, cancellationToken);
            if (read.Count == 0)
            {
                return (reader as IPausingReader)?.Pause;
            }

            var chunk = new Chunk(read.Count);
            if (step.PassesItemsThrough)
            {
                // No processor (so TIn is TOut): no retry pipeline per item on what is often a hot path.
                chunk.Outputs.AddRange((IEnumerable<TOut>)(object)read);
            }
            else
            {
                await ProcessAsync(read, chunk, items, cancellationToken);
            }

            var next = reader.PositionOf(read[^1]);
            await writes.ExecuteAsync(async token => await CommitAsync(writer, chunk, next, token), cancellationToken);
            _skipped += chunk.Skips.Count + chunk.WriteSkips.Count;
            position = next;
            _runtime.Metrics.Chunk(step.Name, chunk.Read, chunk.Outputs.Count - chunk.WriteSkips.Count, chunk.Skips.Count + chunk.WriteSkips.Count);
        }
    }

    private async Task ProcessAsync(IReadOnlyList<TIn> read, Chunk chunk, ResiliencePipeline items, CancellationToken cancellationToken)
    {
        foreach (var item in read)
        {
            try
            {
                chunk.Outputs.Add(await items.ExecuteAsync(async (state, token) => await step.Processor(state, token), item, cancellationToken));
            }
            catch (Exception exception) when (CanSkip(exception, chunk.Skips.Count))
            {
                chunk.Skips.Add(new SkipRecord(Describe(item), "process", Reason(exception)));
            }
        }
    }

    private async Task CommitAsync(IItemWriter<TOut> writer, Chunk chunk, string next, CancellationToken cancellationToken)
    {
        var connections = _runtime.Connections;
        await using var connection = await connections.OpenAsync(cancellationToken);
        var staged = writer as IStagedItemWriter<TOut>;
        var committed = false;
        try
        {
            if (staged is not null)
            {
                await staged.PrepareAsync(chunk.Outputs, connection, cancellationToken);
            }

            await CommitChunkAsync(connection, writer, chunk, next, cancellationToken);
            committed = true;
        }
        finally
        {
            staged?.Completed(committed);
        }
    }

    private async Task CommitChunkAsync(DbConnection connection, IItemWriter<TOut> writer, Chunk chunk, string next, CancellationToken cancellationToken)
    {
        chunk.WriteSkips.Clear();
        var connections = _runtime.Connections;
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var tx = new ChunkTransaction(connection, transaction, connections.Dialect);
        if (chunk.Outputs.Count > 0)
        {
            if (step.Skip.Limit > 0 && writer is not IStagedItemWriter<TOut>)
            {
                await WriteScanningAsync(writer, chunk, tx, cancellationToken);
            }
            else
            {
                await writer.WriteAsync(chunk.Outputs, tx, cancellationToken);
            }
        }

        var skips = chunk.Skips.Concat(chunk.WriteSkips).ToList();
        var retries = Interlocked.Read(ref _retries);
        var delta = new StepCounts(chunk.Read, chunk.Outputs.Count - chunk.WriteSkips.Count, skips.Count, retries, 1);
        if (!await run.Target.CommitAsync(tx, next, delta, cancellationToken))
        {
            throw new LeaseLostException(run.Target.PartitionKey is { } key ? $"partition {key}" : $"execution {run.Context.ExecutionId}");
        }

        await _runtime.Repository.RecordSkipsAsync(tx, run.Context, skips, cancellationToken);
        await write.CommitAsync(cancellationToken);
        Interlocked.Add(ref _retries, -retries);
    }

    /// <summary>Writes the chunk; if a skippable failure hits, rolls back to a savepoint and writes item by item to find the culprits.</summary>
    private async Task WriteScanningAsync(IItemWriter<TOut> writer, Chunk chunk, ChunkTransaction tx, CancellationToken cancellationToken)
    {
        await tx.Transaction.SaveAsync("chunk", cancellationToken);
        try
        {
            await writer.WriteAsync(chunk.Outputs, tx, cancellationToken);
            await tx.Transaction.ReleaseAsync("chunk", cancellationToken);
            return;
        }
        catch (Exception exception) when (step.Skip.CanSkip(exception))
        {
            await tx.Transaction.RollbackAsync("chunk", cancellationToken);
        }

        foreach (var output in chunk.Outputs)
        {
            await tx.Transaction.SaveAsync("item", cancellationToken);
            try
            {
                await writer.WriteAsync([output], tx, cancellationToken);
                await tx.Transaction.ReleaseAsync("item", cancellationToken);
            }
            catch (Exception exception) when (CanSkip(exception, chunk.Skips.Count + chunk.WriteSkips.Count))
            {
                await tx.Transaction.RollbackAsync("item", cancellationToken);
                chunk.WriteSkips.Add(new SkipRecord(Describe(output), "write", Reason(exception)));
            }
        }
    }

    private bool CanSkip(Exception exception, int pendingSkips) =>
        exception is not OperationCanceledException and not LeaseLostException
        && step.Skip.CanSkip(exception)
        && _skipped + pendingSkips < step.Skip.Limit;

    private ResiliencePipeline Pipeline(Func<Exception, bool> retryable)
    {
        if (step.Retry.MaxRetries <= 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { TimeProvider = _runtime.Time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException && retryable(e)),
                MaxRetryAttempts = step.Retry.MaxRetries,
                Delay = step.Retry.Delay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = step.Retry.Delay > TimeSpan.Zero,
                OnRetry = _ =>
                {
                    Interlocked.Increment(ref _retries);
                    _runtime.Metrics.Retried(step.Name);
                    return default;
                },
            })
            .Build();
    }

    private static string Describe(object? item)
    {
        var text = item?.ToString() ?? "null";
        return text.Length <= 1000 ? text : text[..1000];
    }

    private static string Reason(Exception exception) => $"{exception.GetType().Name}: {exception.Message}";

    private sealed class Chunk(int read)
    {
        public int Read { get; } = read;

        public List<TOut> Outputs { get; } = new(read);

        public List<SkipRecord> Skips { get; } = [];

        public List<SkipRecord> WriteSkips { get; } = [];
    }
}
