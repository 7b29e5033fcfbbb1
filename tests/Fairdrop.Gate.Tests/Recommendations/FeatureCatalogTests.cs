using Fairdrop.Gate.Language;
using Fairdrop.Gate.Recommendations.Analysis;

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
