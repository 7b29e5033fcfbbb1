namespace Fairdrop.Gate.Recommendations.Labels;

/// <summary>
/// What a merchant learns of a shopper after a drop: purchases, challenges passed and failed, fraud marks, the drop's
/// bot flag, and hits of shadow rules.
/// </summary>
public sealed record LabelEvidence(int Purchases = 0)
{
    public int ChallengesPassed { get; init; }

    public int ChallengesFailed { get; init; }

    public bool MarkedFraud { get; init; }

    public bool DropBotFlag { get; init; }

    public int ShadowHits { get; init; }

    /// <summary>
    /// Flagged (fraud, a failed challenge, the drop's bot flag) is a bot; otherwise a purchase or a passed challenge is a
    /// human; the rest is unknown. Shadow hits alone never decide: a shadow rule's own hits would confirm themselves.
    /// </summary>
    public ShopperClass Classify() =>
        MarkedFraud || DropBotFlag || ChallengesFailed > 0 ? ShopperClass.Bot
        : Purchases > 0 || ChallengesPassed > 0 ? ShopperClass.Human
        : ShopperClass.Unknown;

    /// <summary>The evidence that decided <see cref="Classify"/>, in words.</summary>
    public string Reason() =>
        MarkedFraud ? "marked fraud" : DropBotFlag ? "drop bot flag" : ChallengesFailed > 0 ? "failed a challenge"
        : Purchases > 0 ? "purchased" : ChallengesPassed > 0 ? "passed a challenge"
        : ShadowHits > 0 ? "shadow hits only" : "no evidence";
}
