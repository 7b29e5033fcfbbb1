using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Recommendations.Labels;

namespace Fairdrop.Gate.Recommendations.Simulation;

/// <summary>
/// Seeded, reproducible drop traffic: humans with log-normal think times walking product → cart → checkout, and bots
/// of every <see cref="ShopperKind"/>. The same settings always give the same log, byte for byte.
/// </summary>
public static class TrafficSimulator
{
    public static SimulatedNight Simulate(SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var night = new NightBuilder(settings);
        var scripts = new ShopperScripts(night);
        for (var i = 0; i < settings.Humans; i++)
        {
            scripts.Human(i);
        }

        for (var i = 0; i < settings.BotsPerKind; i++)
        {
            scripts.FastCart(i);
            scripts.Headless(i);
            scripts.MultiSession(i);
            scripts.RotatingIp(i);
            scripts.SlowBot(i);
        }

        return night.Build();
    }

    /// <summary>Writes the night's log (JSON lines, what <c>rules test --replay</c> reads) and its labels file.</summary>
    public static async Task WriteAsync(SimulatedNight night, string logPath, string labelsPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(night);
        await DecisionLogFile.WriteAsync(logPath, night.Log, cancellationToken);
        await LabelFile.WriteAsync(labelsPath, night.Labels, cancellationToken);
    }
}
