using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Engagement;
using Fairdrop.Exchange.Matching;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Dispatch;

/// <summary>
/// Keeps what a crash can leave unknown small and visible (docs/adr/0014). A delivery enters the send ledger in a
/// committed transaction before its channel is handed it, and leaves in the transaction that records its outcome; at
/// most <see cref="ExchangeOptions.BoundOf"/> deliveries per channel are between the two on this node. Writes are
/// group commits: whatever starts and outcomes the dispatch loops queued while one transaction ran go in the next.
/// </summary>
internal sealed class SendLedger : IDisposable
{
    private readonly DeliveryOutcomeStore _store;
    private readonly TimeProvider _time;
    private readonly Dictionary<Channel, SemaphoreSlim> _windows;
    private readonly SemaphoreSlim _acquiring = new(1, 1);
    private readonly Lock _lock = new();
    // Outcomes alone wait this long for company: a transaction per handful of outcomes would hold SQLite's one write
    // lock far more often than the sends need. Real time, not the injected clock: it batches writes, it decides nothing.
    private static readonly TimeSpan MaxLinger = TimeSpan.FromMilliseconds(2);

    private List<Entry> _pending = [];
    private bool _writing;
    private int _waitingForSlots;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Completes when the transaction that writes what is queued now commits: one per write, shared by its entries.
    private TaskCompletionSource _cycle = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SendLedger(DeliveryOutcomeStore store, TimeProvider time, IOptions<ExchangeOptions> options)
    {
        _store = store;
        _time = time;
        var settings = options.Value;
        Enabled = settings.InFlightBound > 0;
        _windows = ChannelNames.All.ToDictionary(c => c, c => new SemaphoreSlim(Math.Max(1, settings.BoundOf(c))));
        SliceSize = Math.Max(1, ChannelNames.All.Min(c => Math.Max(1, settings.BoundOf(c))) / 2);
    }

    /// <summary>
    /// How many deliveries a dispatch loop starts together (half the smallest bound): one commit starts a slice while
    /// the one before it is being sent, so commits stay few without the window growing.
    /// </summary>
    public int SliceSize { get; }

    /// <summary>False when the bound is 0: outcomes are then recorded once per batch and nothing is ledgered.</summary>
    public bool Enabled { get; }

    /// <summary>
    /// Waits for room in each delivery's channel window, then until all of them are in the ledger (one commit): only
    /// then may their channels be handed them. Slots are taken one slice at a time, so two loops never each hold
    /// part of what they need and wait for each other. Every started delivery must be ended by <see cref="RecordAsync"/> or <see cref="Abandon"/>.
    /// </summary>
    public async Task StartManyAsync(IReadOnlyList<(ClaimedDelivery Delivery, Channel Channel)> deliveries, CancellationToken cancellationToken)
    {
        var taken = 0;
        await _acquiring.WaitAsync(cancellationToken);
        try
        {
            foreach (var (_, channel) in deliveries)
            {
                if (!_windows[channel].Wait(0, CancellationToken.None))
                {
                    // Slots come back only when outcomes commit: have the queued ones written now.
                    Interlocked.Increment(ref _waitingForSlots);
                    FlushSoon();
                    try
                    {
                        await _windows[channel].WaitAsync(cancellationToken);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _waitingForSlots);
                    }
                }

                taken++;
            }
        }
        catch
        {
            foreach (var (_, channel) in deliveries.Take(taken))
            {
                _windows[channel].Release();
            }

            throw;
        }
        finally
        {
            _acquiring.Release();
        }

        try
        {
            await EnqueueMany(deliveries.Select(d => new Entry(d.Delivery, null, null, null) { Start = true }).ToList());
        }
        catch
        {
            foreach (var (_, channel) in deliveries)
            {
                _windows[channel].Release();
            }

            throw;
        }
    }

    /// <summary>Waits for room in the delivery's channel window, then notes it in the journal page: one write, no commit.</summary>
    public async Task StartAsync(ClaimedDelivery delivery, Channel channel, JournalSegment journal, SendJournal journals, CancellationToken cancellationToken)
    {
        var window = _windows[channel];
        if (!window.Wait(0, CancellationToken.None))
        {
            // Slots come back as outcome lines are written: have the held ones written now, and the next ones at once.
            journals.BeginWait();
            try
            {
                await window.WaitAsync(cancellationToken);
            }
            finally
            {
                journals.EndWait();
            }
        }

        try
        {
            journal.Start(delivery);
        }
        catch
        {
            window.Release();
            throw;
        }
    }

    /// <summary>
    /// Queues an outcome (and its event); completes once committed. A started delivery's window slot is freed then.
    /// With a journal page, the outcome is noted there at once and written to the database with the batch.
    /// </summary>
    public Task RecordAsync(DeliveryOutcome outcome, NewEngagementEvent? engagementEvent, Channel? started, JournalSegment? journal)
    {
        if (journal is null)
        {
            return Enqueue(new Entry(outcome.Delivery, outcome, engagementEvent, started));
        }

        journal.Record(outcome, engagementEvent, started); // frees the slot once the line is written
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _acquiring.Dispose();
        foreach (var window in _windows.Values)
        {
            window.Dispose();
        }
    }

    /// <summary>
    /// Takes a started delivery that was never handed to its channel back out of the ledger (its claim's lease is
    /// nearly gone, so it is left to the next claim, which must not take it for uncertain) and frees its slot.
    /// </summary>
    public Task WithdrawAsync(ClaimedDelivery delivery, Channel channel, JournalSegment? journal)
    {
        if (journal is null)
        {
            return Enqueue(new Entry(delivery, null, null, channel));
        }

        journal.Withdraw(delivery);
        _windows[channel].Release();
        return Task.CompletedTask;
    }

    /// <summary>Has whatever is queued written without waiting for more (a batch waits for its outcomes).</summary>
    public void FlushSoon()
    {
        lock (_lock)
        {
            _wake.TrySetResult();
        }
    }

    /// <summary>Frees the slot of a started delivery whose outcome is unknown (the channel threw, or we are stopping): it stays in the ledger, uncertain.</summary>
    public void Abandon(Channel channel) => Free(channel);

    /// <summary>Gives a window slot back.</summary>
    public void Free(Channel channel) => _windows[channel].Release();

    private Task EnqueueMany(List<Entry> entries)
    {
        if (entries.Count == 0)
        {
            return Task.CompletedTask; // nothing to wait for: a write with no entries may never come
        }

        Task written;
        lock (_lock)
        {
            written = _cycle.Task;
            _pending.AddRange(entries);
            if (entries.Exists(e => e.Start))
            {
                _wake.TrySetResult(); // starts hold sends back: never keep them waiting
            }

            if (!_writing)
            {
                _writing = true;
                _ = Task.Run(WriteLoopAsync);
            }
        }

        return written;
    }

    private Task Enqueue(Entry entry) => EnqueueMany([entry]);

    private async Task WriteLoopAsync()
    {
        while (true)
        {
            Task? linger = null;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    _writing = false;
                    return;
                }

                if (_pending.Count < SliceSize && Volatile.Read(ref _waitingForSlots) == 0 && !_wake.Task.IsCompleted)
                {
                    linger = _wake.Task;
                }
            }

            if (linger is not null)
            {
                await Task.WhenAny(linger, Task.Delay(MaxLinger, TimeProvider.System));
            }

            List<Entry> batch;
            TaskCompletionSource cycle;
            lock (_lock)
            {
                batch = _pending;
                _pending = [];
                cycle = _cycle;
                _cycle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_wake.Task.IsCompleted)
                {
                    _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            Exception? failure = null;
            try
            {
                var outcomes = batch.Where(e => e.Outcome is not null).Select(e => e.Outcome!).ToList();
                var events = batch.Where(e => e.Event is not null).Select(e => e.Event!).ToList();
                var started = batch.Where(e => e.Start).Select(e => e.Delivery).ToList();
                var ended = batch.Where(e => !e.Start).Select(e => e.Delivery).ToList(); // recorded or withdrawn
                // Never cancelled: a send that happened must be recorded even while the host stops.
                await _store.RecordAsync(outcomes, events, _time.GetUtcNow(), CancellationToken.None, new LedgerChanges(ended, started));
            }
            catch (Exception exception)
            {
                failure = exception;
            }

            foreach (var entry in batch)
            {
                if (entry.Started is { } channel)
                {
                    // Recorded or not, this node stops tracking it; unrecorded, it stays in the ledger and is found uncertain.
                    _windows[channel].Release();
                }
            }

            if (failure is null)
            {
                cycle.TrySetResult();
            }
            else
            {
                cycle.TrySetException(failure);
            }
        }
    }

    private sealed record Entry(ClaimedDelivery Delivery, DeliveryOutcome? Outcome, NewEngagementEvent? Event, Channel? Started)
    {
        /// <summary>Enters the ledger; otherwise the entry is an outcome, or (neither) a withdrawal.</summary>
        public bool Start { get; init; }
    }
}
