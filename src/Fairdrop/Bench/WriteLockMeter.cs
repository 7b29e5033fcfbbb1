using System.Diagnostics.Metrics;
using Fairdrop.Core.Storage;

namespace Fairdrop.Bench;

/// <summary>Adds up, while it lives, the SQLite write lock's held and waited milliseconds that <see cref="SqliteWriteGate"/> reports.</summary>
internal sealed class WriteLockMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private double _heldMilliseconds;
    private double _waitedMilliseconds;

    public WriteLockMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SqliteWriteGate.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == SqliteWriteGate.HeldInstrument)
            {
                Add(ref _heldMilliseconds, value);
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
}
