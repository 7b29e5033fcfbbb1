namespace Fairdrop.Batch.Steps;

/// <summary>Configures a <see cref="ChunkStep{TIn, TOut}"/>: reader, processor, writer, chunk size, retry and skip.</summary>
public sealed class ChunkStepBuilder<TIn, TOut>(string name)
{
    private int _chunkSize = 100;
    private Func<StepContext, int>? _chunkSizeOf;
    private Func<StepContext, IItemReader<TIn>>? _reader;
    private Func<TIn, CancellationToken, ValueTask<TOut>>? _processor;
    private Func<StepContext, IItemWriter<TOut>>? _writer;
    private RetryPolicy _retry = RetryPolicy.Default;
    private readonly List<Type> _skippable = [];
    private int _skipLimit;

    public ChunkStepBuilder<TIn, TOut> ChunkSize(int size)
    {
        _chunkSize = size;
        return this;
    }

    /// <summary>A chunk size known only when the step runs (one that depends on the database, say).</summary>
    public ChunkStepBuilder<TIn, TOut> ChunkSize(Func<StepContext, int> size)
    {
        _chunkSizeOf = size;
        return this;
    }

    public ChunkStepBuilder<TIn, TOut> Reader(Func<StepContext, IItemReader<TIn>> reader)
    {
        _reader = reader;
        return this;
    }

    public ChunkStepBuilder<TIn, TOut> Processor(Func<TIn, CancellationToken, ValueTask<TOut>> processor)
    {
        _processor = processor;
        return this;
    }

    public ChunkStepBuilder<TIn, TOut> Writer(Func<StepContext, IItemWriter<TOut>> writer)
    {
        _writer = writer;
        return this;
    }

    /// <summary>Retries failures of type <typeparamref name="TException"/> (and transient database errors on write).</summary>
    public ChunkStepBuilder<TIn, TOut> RetryOn<TException>(int maxRetries = 3, TimeSpan? delay = null)
        where TException : Exception
    {
        _retry = _retry with { MaxRetries = maxRetries, Delay = delay ?? _retry.Delay, Retryable = [.. _retry.Retryable, typeof(TException)] };
        return this;
    }

    /// <summary>Skips items whose processing or writing fails with <typeparamref name="TException"/>, up to <paramref name="limit"/> per step.</summary>
    public ChunkStepBuilder<TIn, TOut> SkipOn<TException>(int limit)
        where TException : Exception
    {
        _skippable.Add(typeof(TException));
        _skipLimit = limit;
        return this;
    }

    public ChunkStep<TIn, TOut> Build()
    {
        var processor = _processor ?? (typeof(TIn) == typeof(TOut)
            ? (item, _) => ValueTask.FromResult((TOut)(object)item!)
            : throw new InvalidOperationException($"Step '{name}' reads {typeof(TIn).Name} and writes {typeof(TOut).Name}, so it needs a processor."));
        return new ChunkStep<TIn, TOut>(
            name,
            _chunkSize,
            _reader ?? throw new InvalidOperationException($"Step '{name}' needs a reader."),
            processor,
            _writer ?? throw new InvalidOperationException($"Step '{name}' needs a writer."),
            _retry,
            new SkipPolicy(_skipLimit, _skippable))
        {
            SizeOf = _chunkSizeOf,
            PassesItemsThrough = _processor is null,
        };
    }
}
