namespace Fairdrop.Scenarios.Gate;

/// <summary>
/// How <c>fairdrop-bench gate --http</c> drives wrk: <see cref="Connections"/> flat out for requests per second, then,
/// when <see cref="LatencyLoad"/> is above zero, both proxies at the same paced rate (that share of the plain proxy's
/// best requests per second) for the latency each adds.
/// </summary>
internal sealed record GateHttpSettings(int Seconds, int Connections, int Threads, int Rounds, int WarmUpSeconds, double LatencyLoad)
{
    /// <summary>How long each paced connection waits between its requests.</summary>
    public const int PauseMilliseconds = 4;
}
