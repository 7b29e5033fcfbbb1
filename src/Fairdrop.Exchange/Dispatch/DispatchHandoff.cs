using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Dispatch;

/// <summary>A delivery its producer wrote already claimed (status <c>sending</c>, leased until <see cref="LeaseUntil"/>).</summary>
public sealed record HandedDelivery(Guid Id, Guid MerchantId, Guid DistributionId, Guid RecipientId, string Channel, DateTimeOffset LeaseUntil);

/// <summary>
/// Deliveries that their producer (restock's round writer) writes already claimed and hands to this process's
/// dispatcher once committed, so the dispatcher neither waits a poll interval for them nor claims them again under
/// SQLite's one write lock. A producer first reserves room; whatever does not fit is written scheduled, for the
/// ordinary claim. Nothing is reserved while no dispatch loop runs in this process. A handed delivery that is never
/// sent (the process stopped or died) is claimed again when its lease runs out, exactly like any claim; one whose
/// lease is half gone before a loop takes it is left to that path too, so two nodes never send it side by side.
/// </summary>
public sealed class DispatchHandoff(IOptions<ExchangeOptions> options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Queue<HandedDelivery> _queue = new();
    private int _reserved;
    private int _loops;
    private TaskCompletionSource _handed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Four batches per loop waiting: a restock chunk is mostly handed over, and a loop takes its share within four
    // batch sends, well within the lease (default batch 100: 400 sends a loop, seconds even at 100 emails/s).
    private int Capacity => 4 * options.Value.DispatchBatchSize * Math.Max(1, _loops);

    /// <summary>How many of <paramref name="wanted"/> deliveries the caller may write claimed; 0 with no loop running.</summary>
    public int Reserve(int wanted)
    {
        lock (_lock)
        {
            var granted = _loops == 0 ? 0 : Math.Clamp(Capacity - _queue.Count - _reserved, 0, wanted);
            _reserved += granted;
            return granted;
        }
    }

    /// <summary>Hands over the deliveries written claimed under a reservation of <paramref name="reserved"/>, once committed.</summary>
    public void Hand(IReadOnlyList<HandedDelivery> deliveries, int reserved)
    {
        lock (_lock)
        {
            _reserved -= reserved;
            foreach (var delivery in deliveries)
            {
                _queue.Enqueue(delivery);
            }

            if (deliveries.Count > 0)
            {
                _handed.TrySetResult();
                _handed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Completes when deliveries are waiting (at once if some are): wakes a loop sleeping out its poll interval.</summary>
    internal Task Handed()
    {
        lock (_lock)
        {
            return _queue.Count > 0 ? Task.CompletedTask : _handed.Task;
        }
    }

    /// <summary>Gives a reservation back unused (the transaction failed, or wrote the rows scheduled after all).</summary>
    public void Cancel(int reserved)
    {
        lock (_lock)
        {
            _reserved -= reserved;
        }
    }

    /// <summary>Counts a running dispatch loop until disposed.</summary>
    internal IDisposable Attach()
    {
        lock (_lock)
        {
            _loops++;
        }

        return new Detach(this);
    }

    /// <summary>Up to <paramref name="limit"/> handed deliveries, skipping those whose lease is half gone.</summary>
    internal List<HandedDelivery> Take(int limit)
    {
        var fresh = time.GetUtcNow() + (options.Value.ClaimLease / 2);
        var taken = new List<HandedDelivery>();
        lock (_lock)
        {
            while (taken.Count < limit && _queue.TryDequeue(out var delivery))
            {
                if (delivery.LeaseUntil >= fresh)
                {
                    taken.Add(delivery);
                }
            }
        }

        return taken;
    }

    private sealed class Detach(DispatchHandoff handoff) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                lock (handoff._lock)
                {
                    handoff._loops--;
                }
            }
        }
    }
}
