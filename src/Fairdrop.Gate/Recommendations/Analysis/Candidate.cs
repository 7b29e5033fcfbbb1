namespace Fairdrop.Gate.Recommendations.Analysis;

/// <summary>A feature at one threshold, with the score that chose it (labelled bot requests caught, or matched requests when anomaly-only).</summary>
internal sealed record Candidate(Feature Feature, int Threshold, long Score)
{
    public string Name => Feature.Name(Threshold);

    public string Condition => Feature.Condition(Threshold);

    /// <summary>The rule as a merchant would add it; <paramref name="shadow"/> for replays and for accepting.</summary>
    public string RuleText(bool shadow, string description) =>
        $"rule {Name} \"{description.Replace("\"", "'", StringComparison.Ordinal)}\"{(shadow ? " shadow" : string.Empty)}\n  when {Condition}\n  then challenge";
}
