using System.Collections.Concurrent;
using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Decisions;

namespace Fairdrop.Gate.Recommendations.Analysis;

/// <summary>
/// Carries the probe replay's answers to the tally in batches on another thread: the replay engine runs on one thread,
/// as every replay does, and never waits for the counting (shopper numbers, bins, rows), whose misses of the cache then
/// overlap the engine's instead of adding to them. Batches are reused; at most a few are in flight.
/// </summary>
internal sealed class TallyHandoff : IDisposable
{
    public const int BatchSize = 4_096;
    private const int InFlight = 4;
    private readonly BlockingCollection<Batch> _full = new(InFlight);
    private readonly BlockingCollection<Batch> _free = [];
    private readonly Task _consumer;
    private Batch _current;

    public TallyHandoff(int width, Action<Batch> consume)
    {
        for (var i = 0; i < InFlight + 2; i++)
        {
            _free.Add(new Batch(width));
        }

        _current = _free.Take();
        _consumer = Task.Factory.StartNew(() => Consume(consume), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>One judged request: its record, identities, and the probes' answers at <paramref name="slots"/>.</summary>
    public void Add(DecisionRecord record, in Identities identities, long[] activity, int[] slots)
    {
        var batch = _current;
        var i = batch.Count++;
        batch.Records[i] = record;
        batch.Identities[i] = identities;
        var values = batch.Values.AsSpan(i * batch.Width, batch.Width);
        for (var j = 0; j < values.Length; j++)
        {
            values[j] = activity[slots[j]];
        }

        if (batch.Count == BatchSize)
        {
            _full.Add(batch);
            _current = _free.Take();
        }
    }

    /// <summary>Hands on what is left and waits until all is counted (or rethrows what stopped the counting).</summary>
    public async Task CompleteAsync()
    {
        if (!_full.IsAddingCompleted)
        {
            if (_current.Count > 0)
            {
                _full.Add(_current);
            }

            _full.CompleteAdding();
        }

        await _consumer;
    }

    /// <summary>
    /// The replay stopped (failed or cancelled): no more is handed on; waits for the counting, and rethrows its own
    /// failure when that is what stopped the replay.
    /// </summary>
    public async Task AbandonAsync()
    {
        _full.CompleteAdding();
        await _consumer;
    }

    /// <summary>After <see cref="CompleteAsync"/> or <see cref="AbandonAsync"/>.</summary>
    public void Dispose()
    {
        _full.Dispose();
        _free.Dispose();
    }

    private void Consume(Action<Batch> consume)
    {
        try
        {
            foreach (var batch in _full.GetConsumingEnumerable())
            {
                consume(batch);
                Array.Clear(batch.Records, 0, batch.Count); // the log's records are not kept alive by a spare batch
                batch.Count = 0;
                _free.Add(batch);
            }
        }
        finally
        {
            // Failed or done: a replay still handing on fails instead of waiting for a batch that never comes back.
            _full.CompleteAdding();
            _free.CompleteAdding();
        }
    }

    internal sealed class Batch(int width)
    {
        public int Width { get; } = width;

        public int Count { get; set; }

        public DecisionRecord[] Records { get; } = new DecisionRecord[BatchSize];

        public Identities[] Identities { get; } = new Identities[BatchSize];

        public long[] Values { get; } = new long[BatchSize * width];
    }
}
