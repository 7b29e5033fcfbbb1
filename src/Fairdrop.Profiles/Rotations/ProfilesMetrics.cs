using System.Diagnostics.Metrics;

namespace Fairdrop.Profiles.Rotations;

/// <summary>The <c>Fairdrop.Profiles</c> meter: rotation steps by step (assign, restore) and outcome (done, retry, stop).</summary>
internal sealed class ProfilesMetrics
{
    public const string MeterName = "Fairdrop.Profiles";

    private readonly Counter<long> _steps;

    public ProfilesMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _steps = meter.CreateCounter<long>("fairdrop.profiles.steps", "{step}", "Avatar changes sent to networks (assign, restore), by outcome: done, retry, stop.");
    }

    public void Step(string step, string outcome) =>
        _steps.Add(1, new KeyValuePair<string, object?>("step", step), new KeyValuePair<string, object?>("outcome", outcome));
}
