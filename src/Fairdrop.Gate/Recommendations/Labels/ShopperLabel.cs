namespace Fairdrop.Gate.Recommendations.Labels;

/// <summary>One shopper's label, with the purchases the impact report sums and the evidence in words.</summary>
public sealed record ShopperLabel(string Shopper, ShopperClass Class, int Purchases, string Evidence)
{
    public static ShopperLabel From(string shopper, LabelEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        return new(shopper, evidence.Classify(), evidence.Purchases, evidence.Reason());
    }
}
