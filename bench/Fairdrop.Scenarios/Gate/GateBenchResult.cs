namespace Fairdrop.Scenarios.Gate;

/// <summary>Figures of one <c>fairdrop-bench gate</c> run.</summary>
internal sealed record GateBenchResult(int Decisions, int Shoppers, int Rules, double GatePerSecond, double BaselinePerSecond, double BytesPerDecision, long[] Counts, long BaselineDenied)
{
    public double Ratio => GatePerSecond / BaselinePerSecond;
}
