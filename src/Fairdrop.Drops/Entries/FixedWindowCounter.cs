using System.Collections.Concurrent;

namespace Fairdrop.Drops.Entries;

/// <summary>
/// Fixed windows of permits per key, on the injected clock (so tests move time by hand). Expired windows are
/// swept once the table grows, at most once per window, so made-up keys cannot grow it without end.
/// </summary>
internal sealed class FixedWindowCounter(TimeProvider time, TimeSpan window)
{
    private const int SweepAbove = 10_000;
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private long _sweptWindow;

    /// <summary>Null when a permit was taken; otherwise how long until the key's window ends.</summary>
    public TimeSpan? TryTake(string key, int limit)
    {
        var now = time.GetUtcNow().UtcTicks;
        var start = now - (now % window.Ticks);
        var counter = _counters.GetOrAdd(key, static _ => new Counter());
        lock (counter)
        {
            if (counter.WindowStart != start)
            {
                counter.WindowStart = start;
                counter.Taken = 0;
            }

            if (counter.Taken >= limit)
            {
                return TimeSpan.FromTicks(start + window.Ticks - now);
            }

            counter.Taken++;
        }

        if (_counters.Count > SweepAbove && Interlocked.Exchange(ref _sweptWindow, start) != start)
        {
            foreach (var (k, c) in _counters)
            {
                if (Volatile.Read(ref c.WindowStart) < start)
                {
                    _counters.TryRemove(new KeyValuePair<string, Counter>(k, c));
                }
            }
        }

        return null;
    }

    private sealed class Counter
    {
        public long WindowStart;
        public int Taken;
    }
}
