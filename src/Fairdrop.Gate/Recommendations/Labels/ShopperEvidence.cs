namespace Fairdrop.Gate.Recommendations.Labels;

/// <summary>The evidence known of one shopper (by <see cref="ShopperKey"/>), as a merchant records it.</summary>
public sealed record ShopperEvidence(string Shopper, LabelEvidence Evidence);
