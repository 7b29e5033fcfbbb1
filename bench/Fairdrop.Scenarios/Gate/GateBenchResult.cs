namespace Fairdrop.Scenarios.Gate;

/// <summary>Figures of one <c>fairdrop-bench gate</c> run: each side's rate over all its rounds, and the medians of the per-round ratios.</summary>
internal sealed record GateBenchResult(int Decisions, int Shoppers, int Rules, double GatePerSecond, double BaselinePerSecond, double BytesPerDecision, long[] Counts, long BaselineDenied)
{
    /// <summary>Rounds alternating the baseline, the gate and (with two threads) the two-thread gate.</summary>
    public int Rounds { get; init; } = 1;

    /// <summary>The median over rounds of gate rate / baseline rate: the figure the target is read against.</summary>
    public double MedianRatio { get; init; }

    /// <summary>The median over rounds of two threads' rate over the same round's one-thread rate (<c>--threads 2</c>): 2.0 would be perfect scaling.</summary>
    public double? ThreadScaling { get; init; }

    /// <summary>The same for the baseline's limiter: what this machine gives the same kind of work from two threads.</summary>
    public double? BaselineThreadScaling { get; init; }

    /// <summary>
    /// The same for two threads that share nothing (a store each, over their own shoppers): the bound any locking of the
    /// one shared store could reach on this machine.
    /// </summary>
    public double? SeparateStoresThreadScaling { get; init; }
}
