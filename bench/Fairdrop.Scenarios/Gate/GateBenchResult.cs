namespace Fairdrop.Scenarios.Gate;

/// <summary>Figures of one <c>fairdrop-bench gate</c> run.</summary>
internal sealed record GateBenchResult(int Decisions, int Shoppers, int Rules, double GatePerSecond, double BaselinePerSecond, double BytesPerDecision, long[] Counts, long BaselineDenied)
{
    public double Ratio => GatePerSecond / BaselinePerSecond;

    /// <summary>Decisions per second of two threads sharing one engine's rules and store (<c>--threads 2</c>).</summary>
    public double? TwoThreadsPerSecond { get; init; }

    /// <summary>Two threads over one: 2.0 would be perfect scaling.</summary>
    public double? ThreadScaling => TwoThreadsPerSecond / GatePerSecond;
}
