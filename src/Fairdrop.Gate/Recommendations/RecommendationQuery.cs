namespace Fairdrop.Gate.Recommendations;

/// <summary>Which recorded decisions to read (at or after <see cref="Since"/>; all when null) and how to choose.</summary>
public sealed record RecommendationQuery(DateTimeOffset? Since = null, double MaxHumanCost = 0.005, int Candidates = 10);
