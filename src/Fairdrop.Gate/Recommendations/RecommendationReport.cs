namespace Fairdrop.Gate.Recommendations;

/// <summary>
/// The recommender's answer over one window of traffic. <see cref="Status"/> is <c>ok</c>, or
/// <c>not_enough_traffic</c> (no rule). <see cref="AnomalyOnly"/> says no labels were known, so rules were chosen by
/// how unusual the traffic they match is, and their cost to humans is bounded over all shoppers instead.
/// </summary>
public sealed record RecommendationReport(
    string Status,
    string Summary,
    bool AnomalyOnly,
    long Requests,
    long Shoppers,
    int SkippedLines,
    long LabelledHumans,
    long LabelledBots,
    double MaxHumanCost,
    IReadOnlyList<RuleRecommendation> Recommendations)
{
    public const string Ok = "ok";

    public const string NotEnoughTraffic = "not_enough_traffic";
}
