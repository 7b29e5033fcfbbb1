using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Language;
using Fairdrop.Gate.Recommendations.Analysis;
using Fairdrop.Gate.Recommendations.Labels;

namespace Fairdrop.Gate.Tests.Recommendations;

public sealed class FeatureCatalogTests
{
    [Fact]
    public void EveryFeatureAtEveryThreshold_IsARuleThatPassesTheChecker()
    {
        var catalog = new FeatureCatalog();
        var rules = catalog.Features.SelectMany(f => Enumerable.Range(0, f.Thresholds.Length).Select(k => new Candidate(f, k, 1).RuleText(shadow: false, "why \"quoted\"")))
            .ToList();

        Assert.All(rules, rule => Assert.True(RuleCompiler.Check(rule, CompileContext.Default) is { Success: true, Diagnostics.Count: 0 }, rule));
        Assert.Equal(rules.Count, rules.Select(r => r.Split('\n')[0].Split(' ')[1]).Distinct().Count());
        Assert.Contains(rules, r => r.Contains("and user_agent matches \"(?i)(python-requests|curl/", StringComparison.Ordinal));
        Assert.Contains(rules, r => r.Contains("action == \"add_to_cart\" and count(\"add_to_cart\", ip, 1m) > 5", StringComparison.Ordinal));
        Assert.Contains(rules, r => r.Contains("count(\"add_to_cart\", ip, 1m) > 5 and header(\"sec-fetch-site\") == \"\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scan_WithoutFetchMetadataVariant_CountsOnlyRequestsMissingTheHeader()
    {
        // Four carts from one address, a second apart: before each, 0, 1, 2 and 3 earlier ones. The third carries the
        // browser's Sec-Fetch-Site, the fourth does not: "more than 1" matches both, its header-less variant only the fourth.
        var start = new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero);
        var log = Enumerable.Range(0, 4).Select(i => new DecisionRecord(Guid.NewGuid(), Guid.Empty, start.AddSeconds(i), "allow", null, "", "", "v1",
            "POST", "/cart/add.js", "add_to_cart", "203.0.113.7", "", "s-" + i, "", "Mozilla/5.0", "p1")
        { Headers = i == 3 ? "accept-language,cookie" : "accept-language,sec-fetch-site,cookie" }).ToList();
        var catalog = new FeatureCatalog();

        var tally = await FeatureScan.RunAsync(catalog, () => DecisionLogFile.AsAsync(log), new Dictionary<string, ShopperLabel>(), CompileContext.Default,
            ReplayActivity.From(new ActivityOptions(), minEvents: 1_024), parts: 1, CancellationToken.None);

        var base_ = catalog.Features.Single(f => f.Expression == "count(\"add_to_cart\", ip, 1m)" && f is { OnlyAction: null, NonBrowser: false, WithoutHeader: null });
        var variant = catalog.Features.Single(f => f.Expression == base_.Expression && f.WithoutHeader == FeatureCatalog.FetchMetadataHeader);
        var overOne = Array.IndexOf(base_.Thresholds, 1L);
        Assert.Equal((2L, 1L), (tally.RequestsMatched(base_.Index, ShopperClass.Unknown, overOne), tally.RequestsMatched(variant.Index, ShopperClass.Unknown, overOne)));
    }

    [Fact]
    public void Bin_SinceLastAndCount_FirstThresholdTheValueMatches()
    {
        var catalog = new FeatureCatalog();
        var sinceLast = catalog.Features.First(f => f.Kind == FeatureKind.SinceLast);
        var count = catalog.Features.First(f => f.Kind == FeatureKind.Count);

        Assert.Equal((0, 3, Feature.NoMatch), (sinceLast.Bin(50), sinceLast.Bin(400), sinceLast.Bin(long.MaxValue)));
        Assert.Equal((0, Feature.NoMatch), (count.Bin(100), count.Bin(1)));
        Assert.Equal(count.Thresholds.Length - 1, count.Bin(2));
    }
}
