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
internal sealed class SendLedger
{
    private readonly DeliveryOutcomeStore _store;
    private readonly TimeProvider _time;
    private readonly Dictionary<Channel, SemaphoreSlim> _windows;
    private readonly Lock _lock = new();
    private List<Entry> _pending = [];
    private bool _writing;

    public SendLedger(DeliveryOutcomeStore store, TimeProvider time, IOptions<ExchangeOptions> options)
    {
        _store = store;
        _time = time;
        var settings = options.Value;
        Enabled = settings.InFlightBound > 0;
        _windows = ChannelNames.All.ToDictionary(c => c, c => new SemaphoreSlim(Math.Max(1, settings.BoundOf(c))));
    }

    /// <summary>False when the bound is 0: outcomes are then recorded once per batch and nothing is ledgered.</summary>
    public bool Enabled { get; }

    /// <summary>
    /// Waits for room in <paramref name="channel"/>'s window, then until <paramref name="delivery"/> is in the ledger:
    /// only then may the channel be handed it. Every started delivery must be ended by <see cref="RecordAsync"/> or <see cref="Abandon"/>.
    /// </summary>
    public async Task StartAsync(ClaimedDelivery delivery, Channel channel, CancellationToken cancellationToken)
    {
        var window = _windows[channel];
        await window.WaitAsync(cancellationToken);
        try
        {
            await Enqueue(new Entry(delivery, null, null, null));
        }
        catch
        {
            window.Release();
            throw;
        }
    }

    /// <summary>Queues an outcome (and its event); completes once committed. A started delivery's window slot is freed then.</summary>
    public Task RecordAsync(DeliveryOutcome outcome, NewEngagementEvent? engagementEvent, Channel? started) =>
        Enqueue(new Entry(outcome.Delivery, outcome, engagementEvent, started));

    /// <summary>Frees the slot of a started delivery whose outcome is unknown (the channel threw, or we are stopping): it stays in the ledger, uncertain.</summary>
    public void Abandon(Channel channel) => _windows[channel].Release();

    private Task Enqueue(Entry entry)
    {
        lock (_lock)
        {
            _pending.Add(entry);
            if (_writing)
            {
                return entry.Done.Task;
            }

            _writing = true;
        }

        _ = Task.Run(WriteLoopAsync);
        return entry.Done.Task;
    }

    private async Task WriteLoopAsync()
    {
        while (true)
        {
            List<Entry> batch;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    _writing = false;
                    return;
                }

                batch = _pending;
                _pending = [];
            }

            Exception? failure = null;
            try
            {
                var outcomes = batch.Where(e => e.Outcome is not null).Select(e => e.Outcome!).ToList();
                var events = batch.Where(e => e.Event is not null).Select(e => e.Event!).ToList();
                var started = batch.Where(e => e.Outcome is null).Select(e => e.Delivery).ToList();
                // Never cancelled: a send that happened must be recorded even while the host stops.
                await _store.RecordAsync(outcomes, events, _time.GetUtcNow(), CancellationToken.None, started, ledger: true);
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

                if (failure is null)
                {
                    entry.Done.TrySetResult();
                }
                else
                {
                    entry.Done.TrySetException(failure);
                }
            }
        }
    }

    private sealed record Entry(ClaimedDelivery Delivery, DeliveryOutcome? Outcome, NewEngagementEvent? Event, Channel? Started)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
