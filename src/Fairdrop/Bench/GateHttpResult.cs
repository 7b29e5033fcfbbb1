namespace Fairdrop.Bench;

/// <summary>Figures of one <c>fairdrop bench gate --http</c> run: the best round of each proxy.</summary>
internal sealed record GateHttpResult(GateHttpSettings Settings, WrkResult Plain, WrkResult Gate)
{
    public double Ratio => Gate.RequestsPerSecond / Plain.RequestsPerSecond;

    public double AddedP99Milliseconds => Gate.P99Milliseconds - Plain.P99Milliseconds;
}
