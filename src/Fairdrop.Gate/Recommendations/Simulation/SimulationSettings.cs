namespace Fairdrop.Gate.Recommendations.Simulation;

/// <summary>One simulated drop night: how many humans and bots of each kind, over how long, from which seed.</summary>
public sealed record SimulationSettings(int Seed, int Humans = 2_000, int BotsPerKind = 10, int Products = 12)
{
    /// <summary>When the drop opens: most humans arrive in its first minutes.</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 12, 6, 20, 0, 0, TimeSpan.Zero);

    /// <summary>How long shoppers keep arriving after the opening rush.</summary>
    public TimeSpan Length { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Settings whose log holds about <paramref name="decisions"/> requests: the default mix (about 11,000 requests)
    /// scaled, with arrivals spread over proportionally more time so each address sees the same rates.
    /// </summary>
    public static SimulationSettings ForDecisions(int seed, long decisions)
    {
        var scale = Math.Max(1.0, decisions / 11_000.0);
        return new SimulationSettings(seed, (int)(2_000 * scale), (int)Math.Ceiling(10 * scale))
        {
            Length = TimeSpan.FromMinutes(30 * scale),
        };
    }
}
