namespace Fairdrop.Scenarios.Gate;

/// <summary>
/// Figures of one <c>fairdrop-bench gate --http</c> run: the best flat-out round of each proxy (requests per second,
/// and the p99 of that saturated run), and, when measured, the lowest p99 of each at the same paced load.
/// </summary>
internal sealed record GateHttpResult(GateHttpSettings Settings, WrkResult Plain, WrkResult Gate, PacedLatency? Paced)
{
    public double Ratio => Gate.RequestsPerSecond / Plain.RequestsPerSecond;

    /// <summary>Added p99 at saturation: mostly queueing, since in a closed loop latency is connections ÷ throughput.</summary>
    public double SaturatedAddedP99Milliseconds => Gate.P99Milliseconds - Plain.P99Milliseconds;
}

/// <summary>Both proxies driven at the same offered rate by <paramref name="Connections"/> paced wrk connections.</summary>
internal sealed record PacedLatency(double OfferedPerSecond, int Connections, WrkResult Plain, WrkResult Gate)
{
    public double AddedP99Milliseconds => Gate.P99Milliseconds - Plain.P99Milliseconds;
}
