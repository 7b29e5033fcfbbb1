using System.Diagnostics.Metrics;

namespace Fairdrop.Bench;

/// <summary>Meters for a benchmark run, disposed with it.</summary>
internal sealed class GateBenchMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, this);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
