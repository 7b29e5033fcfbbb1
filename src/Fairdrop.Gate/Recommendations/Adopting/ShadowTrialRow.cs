namespace Fairdrop.Gate.Recommendations.Adopting;

/// <summary>A row of <c>gate_shadow_trials</c> as Dapper reads and writes it.</summary>
internal sealed class ShadowTrialRow
{
    public Guid MerchantId { get; set; }

    public string RuleName { get; set; } = string.Empty;

    public string RuleText { get; set; } = string.Empty;

    public long AcceptedAt { get; set; }

    public long PredictedMatches { get; set; }

    public long PredictedRequests { get; set; }

    public long PredictedWindowMs { get; set; }

    public long? PromotedAt { get; set; }

    public ShadowTrial ToTrial(long observedHits, DateTimeOffset now) => new(
        RuleName,
        RuleText,
        DateTimeOffset.FromUnixTimeMilliseconds(AcceptedAt),
        PromotedAt is { } promoted ? DateTimeOffset.FromUnixTimeMilliseconds(promoted) : null,
        PredictedMatches,
        PredictedRequests,
        TimeSpan.FromMilliseconds(PredictedWindowMs),
        observedHits,
        TimeSpan.FromMilliseconds(Math.Max(0, (PromotedAt ?? now.ToUnixTimeMilliseconds()) - AcceptedAt)));
}
