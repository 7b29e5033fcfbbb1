using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Fairdrop.Core.Storage;

namespace Fairdrop.Scenarios.Restock;

/// <summary>
/// Adds up, while it lives, the SQLite write lock's held and waited milliseconds that <see cref="SqliteWriteGate"/>
/// reports, and the held time per transaction site when <see cref="SqliteWriteGate.TagSites"/> is on.
/// </summary>
internal sealed class WriteLockMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private double _heldMilliseconds;
    private double _waitedMilliseconds;
    private readonly ConcurrentDictionary<string, SiteTotal> _sites = new(StringComparer.Ordinal);

    public WriteLockMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SqliteWriteGate.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument.Name == SqliteWriteGate.HeldInstrument)
            {
                Add(ref _heldMilliseconds, value);
                foreach (var tag in tags)
                {
                    if (tag is { Key: SqliteWriteGate.SiteTag, Value: string site })
                    {
                        _sites.GetOrAdd(site, static _ => new SiteTotal()).Add(value);
                    }
                }
            }
            else if (instrument.Name == SqliteWriteGate.WaitInstrument)
            {
                Add(ref _waitedMilliseconds, value);
            }
        });
        _listener.Start();
    }

    public TimeSpan Held => TimeSpan.FromMilliseconds(Volatile.Read(ref _heldMilliseconds));

    public TimeSpan Waited => TimeSpan.FromMilliseconds(Volatile.Read(ref _waitedMilliseconds));

    /// <summary>Held time and transactions per site, most held first; empty unless sites were tagged.</summary>
    public IReadOnlyList<(string Site, long Transactions, TimeSpan Held)> Sites =>
        [.. _sites.Select(p => (p.Key, p.Value.Transactions, TimeSpan.FromMilliseconds(p.Value.Milliseconds))).OrderByDescending(s => s.Item3)];

    public void Dispose() => _listener.Dispose();

    private static void Add(ref double total, double value)
    {
        double seen, next;
        do
        {
            seen = Volatile.Read(ref total);
            next = seen + value;
        }
        while (Interlocked.CompareExchange(ref total, next, seen) != seen);
    }

    private sealed class SiteTotal
    {
        private double _milliseconds;
        private long _transactions;

        public double Milliseconds => Volatile.Read(ref _milliseconds);

        public long Transactions => Interlocked.Read(ref _transactions);

        public void Add(double milliseconds)
        {
            WriteLockMeter.Add(ref _milliseconds, milliseconds);
            Interlocked.Increment(ref _transactions);
        }
    }
}
