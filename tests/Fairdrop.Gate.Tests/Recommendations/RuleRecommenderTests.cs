using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Language;
using Fairdrop.Gate.Recommendations;
using Fairdrop.Gate.Recommendations.Simulation;
using Xunit.Abstractions;

namespace Fairdrop.Gate.Tests.Recommendations;

public sealed class RuleRecommenderTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Recommend_TopRuleOnAnotherNight_CatchesFastAndMultiSessionBotsAndSparesHumans()
    {
        var report = await Nights.Trained;
        foreach (var r in report.Recommendations)
        {
            output.WriteLine($"{r.Rank} {r.Rule.ReplaceLineEndings(" ")}\n   {r.Explanation}");
        }

        var top = report.Recommendations[0];
        var live = LiveRun.Of(top.Rule, Nights.Other);
        output.WriteLine($"fast+multi {live.Caught(ShopperKind.FastCart, ShopperKind.MultiSession):P2}, humans {live.HumansAffected(Nights.Other):P3}");

        Assert.True(live.Caught(ShopperKind.FastCart, ShopperKind.MultiSession) >= 0.90, $"caught {live.Caught(ShopperKind.FastCart, ShopperKind.MultiSession):P2}");
        Assert.True(live.HumansAffected(Nights.Other) <= 0.005, $"humans {live.HumansAffected(Nights.Other):P3}");
    }

    [Fact]
    public async Task Recommend_ReplayedImpact_EqualsWhatTheGateDoesLive()
    {
        var report = await Nights.Trained;

        Assert.Equal(10, report.Recommendations.Count);
        foreach (var recommendation in report.Recommendations)
        {
            var live = LiveRun.Of(recommendation.Rule, Nights.Training);
            Assert.Equal((live.Acted, live.ShoppersActedOn.Count), (recommendation.Impact.Requests, recommendation.Impact.Shoppers));
        }
    }

    [Fact]
    public async Task Recommend_EveryRule_PassesTheChecker()
    {
        var report = await Nights.Trained;
        var context = CompileContext.Default with { KnownActions = ["view_product", "add_to_cart", "view_cart", "checkout", "login", "register", "search", "other"] };

        Assert.All(report.Recommendations, r => Assert.True(RuleCompiler.Check(r.Rule, context) is { Success: true, Diagnostics.Count: 0 }, r.Rule));
        Assert.Equal(report.Recommendations.Count, RuleCompiler.Compile(string.Join("\n", report.Recommendations.Select(r => r.Rule)), context).RuleCount);
    }

    [Fact]
    public async Task Recommend_Labelled_ReportsRankedImpactWithinTheHumanBound()
    {
        var report = await Nights.Trained;

        Assert.Equal((RecommendationReport.Ok, false), (report.Status, report.AnomalyOnly));
        Assert.Equal(Nights.Training.Log.Count, report.Requests);
        Assert.Equal(Enumerable.Range(1, report.Recommendations.Count), report.Recommendations.Select(r => r.Rank));
        Assert.All(report.Recommendations, r => Assert.True(r.Impact.HumanShare <= 0.005, r.Explanation));
        Assert.True(report.Recommendations[0].Impact.BotRequestsCaught >= report.Recommendations[^1].Impact.BotRequestsCaught);
        Assert.True(report.Recommendations[0].Impact.BotRequestShare > 0.5, report.Recommendations[0].Explanation);
        Assert.Contains("labelled humans", report.Recommendations[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recommend_NoLabels_RecommendsByAnomalyAndSaysSo()
    {
        var report = await Nights.Recommend(Nights.Training, labelled: false);

        Assert.True(report.AnomalyOnly);
        Assert.Contains("anomaly only", report.Summary, StringComparison.Ordinal);
        Assert.NotEmpty(report.Recommendations);
        Assert.All(report.Recommendations, r => Assert.Contains("effect on humans is unknown", r.Explanation, StringComparison.Ordinal));
        Assert.All(report.Recommendations, r => Assert.True(r.Impact.Shoppers <= 0.005 * report.Shoppers, r.Explanation));
    }

    [Fact]
    public async Task Recommend_TinyLog_SaysNotEnoughTrafficAndRecommendsNothing()
    {
        var tiny = Nights.Training with { Log = [.. Nights.Training.Log.Take(200)] };

        var report = await Nights.Recommend(tiny);

        Assert.Equal(RecommendationReport.NotEnoughTraffic, report.Status);
        Assert.Empty(report.Recommendations);
        Assert.Equal(200, report.Requests);
        Assert.StartsWith("Not enough traffic", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recommend_EmptyLog_SaysNotEnoughTraffic()
    {
        var report = await Nights.Recommend(Nights.Training with { Log = [] });

        Assert.Equal((RecommendationReport.NotEnoughTraffic, 0L, 0), (report.Status, report.Requests, report.Recommendations.Count));
    }

    [Fact]
    public async Task Recommend_CancelledMidScan_StopsWithCancellationAndCountsNothingMore()
    {
        // The scan counts on a second thread: cancelling the replay must end both, not leave either waiting for the other.
        using var cancel = new CancellationTokenSource();
        var read = 0;
        async IAsyncEnumerable<DecisionRecord> CancelHalfway()
        {
            foreach (var record in Nights.Training.Log)
            {
                if (++read == Nights.Training.Log.Count / 2)
                {
                    await cancel.CancelAsync();
                }

                yield return record;
            }
        }

        var recommending = RuleRecommender.RecommendAsync(CancelHalfway, Nights.Training.Labels, new RecommendationOptions(), cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => recommending);
        Assert.Equal(Nights.Training.Log.Count / 2, read); // the first pass stopped at once; the second never began
    }
}
