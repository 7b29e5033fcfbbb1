using Fairdrop.Batch.Running;

namespace Fairdrop.Batch.Steps;

/// <summary>
/// Reads items, processes them one by one and writes them in chunks; each chunk's writes and the step's
/// checkpoint commit in one transaction, so a restart resumes exactly after the last committed chunk.
/// </summary>
public sealed class ChunkStep<TIn, TOut> : StepDefinition
{
    internal ChunkStep(
        string name,
        int chunkSize,
        Func<StepContext, IItemReader<TIn>> reader,
        Func<TIn, CancellationToken, ValueTask<TOut>> processor,
        Func<StepContext, IItemWriter<TOut>> writer,
        RetryPolicy retry,
        SkipPolicy skip)
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        ChunkSize = chunkSize;
        Reader = reader;
        Processor = processor;
        Writer = writer;
        Retry = retry;
        Skip = skip;
    }

    public int ChunkSize { get; }

    /// <summary>No processor: items are written as read, without a retry pipeline per item.</summary>
    internal bool PassesItemsThrough { get; init; }

    /// <summary>When set, the chunk size of a run, in place of <see cref="ChunkSize"/>.</summary>
    internal Func<StepContext, int>? SizeOf { get; init; }

    public RetryPolicy Retry { get; }

    public SkipPolicy Skip { get; }

    internal Func<StepContext, IItemReader<TIn>> Reader { get; }

    internal Func<TIn, CancellationToken, ValueTask<TOut>> Processor { get; }

    internal Func<StepContext, IItemWriter<TOut>> Writer { get; }

    internal override Task<StepPause?> RunAsync(StepRun run, CancellationToken cancellationToken) =>
        new ChunkLoop<TIn, TOut>(this, run).RunAsync(cancellationToken);
}
