namespace Fairdrop.Gate.Recommendations;

/// <summary>One proposed rule: its text in the gate's language (it passes <c>rules check</c>), why, and its replayed impact.</summary>
public sealed record RuleRecommendation(int Rank, string Name, string Rule, string Explanation, RecommendationImpact Impact)
{
    /// <summary>What it would have changed on the merchant's latest placed drop; null when there is none.</summary>
    public DropEffect? Drop { get; init; }
}
