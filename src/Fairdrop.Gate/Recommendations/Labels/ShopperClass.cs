namespace Fairdrop.Gate.Recommendations.Labels;

/// <summary>What is known of a shopper after the fact.</summary>
public enum ShopperClass
{
    Unknown,
    Human,
    Bot,
}
