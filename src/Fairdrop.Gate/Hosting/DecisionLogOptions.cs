using System.ComponentModel.DataAnnotations;

namespace Fairdrop.Gate.Hosting;

/// <summary>How decisions are recorded: everything but allowed requests, of which a sample.</summary>
public sealed class DecisionLogOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Share of plain allowed decisions recorded (0 to 1); every other decision is always recorded.</summary>
    [Range(0.0, 1.0)]
    public double AllowedSampleRate { get; set; } = 0.01;

    /// <summary>Decisions waiting to be written; when full, new ones are dropped (and counted) rather than slowing requests.</summary>
    [Range(100, 10_000_000)]
    public int QueueCapacity { get; set; } = 100_000;

    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1_000;

    /// <summary>
    /// How long the writer lets decisions gather after the first one arrives before writing them,
    /// so a steady trickle becomes a few transactions a second instead of one per decision.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
