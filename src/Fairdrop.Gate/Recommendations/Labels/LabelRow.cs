namespace Fairdrop.Gate.Recommendations.Labels;

/// <summary>A row of <c>gate_labels</c> as Dapper reads and writes it.</summary>
internal sealed class LabelRow
{
    public Guid MerchantId { get; set; }

    public string Shopper { get; set; } = string.Empty;

    public int Purchases { get; set; }

    public int ChallengesPassed { get; set; }

    public int ChallengesFailed { get; set; }

    public bool MarkedFraud { get; set; }

    public bool DropBotFlag { get; set; }

    public int ShadowHits { get; set; }

    public long UpdatedAt { get; set; }

    public LabelEvidence ToEvidence() => new(Purchases)
    {
        ChallengesPassed = ChallengesPassed,
        ChallengesFailed = ChallengesFailed,
        MarkedFraud = MarkedFraud,
        DropBotFlag = DropBotFlag,
        ShadowHits = ShadowHits,
    };
}
