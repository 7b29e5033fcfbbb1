using Fairdrop.Gate.Recommendations.Labels;

namespace Fairdrop.Gate.Recommendations.Analysis;

/// <summary>
/// Picks, per feature, the loosest threshold whose cost stays within the bound (labelled human shoppers touched, or
/// all shoppers when anomaly-only), scores it, and keeps the best few distinct rules.
/// </summary>
internal static class CandidateSearch
{
    public static IReadOnlyList<Candidate> Find(FeatureCatalog catalog, FeatureTally tally, RecommendationOptions options, bool anomalyOnly)
    {
        var humans = anomalyOnly ? tally.Shoppers.Count : tally.ShoppersOf(ShopperClass.Human);
        var found = new List<Candidate>();
        foreach (var feature in catalog.Features)
        {
            var shoppers = tally.ShoppersMatched(feature.Index);
            for (var k = feature.Thresholds.Length - 1; k >= 0; k--)
            {
                var touched = anomalyOnly ? shoppers[0, k] + shoppers[1, k] + shoppers[2, k] : shoppers[(int)ShopperClass.Human, k];
                if (touched > options.MaxHumanCost * humans)
                {
                    continue;
                }

                var score = anomalyOnly
                    ? Matched(tally, feature.Index, k) - touched // requests per shopper beyond one: concentrated traffic
                    : tally.RequestsMatched(feature.Index, ShopperClass.Bot, k);
                if (score > 0)
                {
                    found.Add(new Candidate(feature, k, score));
                }

                break;
            }
        }

        return [.. found.OrderByDescending(c => c.Score).ThenBy(c => c.Name, StringComparer.Ordinal)
            .DistinctBy(c => c.Name).Take(options.Candidates)];
    }

    private static long Matched(FeatureTally tally, int feature, int k) =>
        tally.RequestsMatched(feature, ShopperClass.Unknown, k) + tally.RequestsMatched(feature, ShopperClass.Human, k) + tally.RequestsMatched(feature, ShopperClass.Bot, k);
}
