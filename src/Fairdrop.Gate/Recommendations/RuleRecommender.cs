using System.Globalization;
using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Language;
using Fairdrop.Gate.Recommendations.Analysis;
using Fairdrop.Gate.Recommendations.Labels;

namespace Fairdrop.Gate.Recommendations;

/// <summary>
/// Proposes gate rules from recorded traffic: measures thresholds of activity and user-agent features over the
/// labelled shoppers (one replay of probe rules), keeps the best separating ones within the human-cost bound, replays
/// them all at once as shadow rules with the replay engine, and ranks them by labelled bots caught.
/// </summary>
public static class RuleRecommender
{
    /// <summary><paramref name="readLog"/> is read twice (measure, then replay), oldest first each time.</summary>
    public static async Task<RecommendationReport> RecommendAsync(
        Func<IAsyncEnumerable<DecisionRecord>> readLog, IReadOnlyList<ShopperLabel> labels, RecommendationOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readLog);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        var known = new Dictionary<string, ShopperLabel>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            known[label.Shopper] = label;
        }

        options = options with { Activity = ReplayActivity.From(options.Activity, minEvents: 1_024) };
        var catalog = new FeatureCatalog();
        var tally = await FeatureScan.RunAsync(catalog, readLog, known, options.Context, options.Activity, options.Parallelism, cancellationToken);
        var shoppers = tally.Shoppers;
        var humans = tally.ShoppersOf(ShopperClass.Human);
        var bots = tally.ShoppersOf(ShopperClass.Bot);
        if (tally.Requests < options.MinimumRequests || shoppers.Count < options.MinimumShoppers)
        {
            var enough = string.Create(CultureInfo.InvariantCulture, $"Not enough traffic: {tally.Requests:N0} requests from {shoppers.Count:N0} shoppers (at least {options.MinimumRequests:N0} and {options.MinimumShoppers:N0} are needed); no rule recommended.");
            return new RecommendationReport(RecommendationReport.NotEnoughTraffic, enough, humans == 0 || bots == 0, tally.Requests, shoppers.Count, options.SkippedLines, humans, bots, options.MaxHumanCost, []);
        }

        var anomalyOnly = humans == 0 || bots == 0;
        var candidates = CandidateSearch.Find(catalog, tally, options with { Candidates = Math.Clamp(options.Candidates, 1, ImpactReplay.MaxRules) }, anomalyOnly);
        var descriptions = candidates.Select(c => Explanations.Short(c)).ToList();
        var impacts = new RecommendationImpact[candidates.Count];
        var touchedBy = new HashSet<string>?[candidates.Count];
        var parts = Math.Clamp(options.Parallelism, 1, candidates.Count);
        await Task.WhenAll(Enumerable.Range(0, parts).Select(part => Task.Run(async () =>
        {
            // The candidates split among replays running at once, as the probes were; each replay holds its share as shadow rules.
            var mine = Enumerable.Range(0, candidates.Count).Where(i => i % parts == part).ToList();
            if (mine.Count == 0)
            {
                return;
            }

            var rules = string.Join("\n\n", mine.Select(i => candidates[i].RuleText(shadow: true, descriptions[i])));
            var (replayed, touched) = await ImpactReplay.RunAsync(rules, mine.Count, readLog(), shoppers, tally.RequestsOf(ShopperClass.Bot), options, cancellationToken);
            for (var j = 0; j < mine.Count; j++)
            {
                impacts[mine[j]] = replayed[j];
                touchedBy[mine[j]] = options.Drop is null ? null : Touched(touched, j, shoppers);
            }
        }, cancellationToken)));
        ShopperClass ClassOf(string shopper) => known.GetValueOrDefault(shopper)?.Class ?? ShopperClass.Unknown;
        var ranked = candidates.Select((c, i) => (Candidate: c, Impact: impacts[i], Description: descriptions[i], Drop: options.Drop is { } drop ? DropEffects.Of(drop, touchedBy[i]!, ClassOf) : null))
            .Where(r => CompilesAlone(r.Candidate.RuleText(shadow: false, r.Description), options.Context))
            .OrderBy(r => r.Impact.HumanShare > options.MaxHumanCost) // over the bound in replay: last
            .ThenByDescending(r => anomalyOnly ? r.Impact.Requests - r.Impact.Shoppers : r.Impact.BotRequestsCaught)
            .ThenBy(r => r.Impact.HumansHurt)
            .ThenBy(r => r.Candidate.Name, StringComparer.Ordinal)
            .Select((r, i) => new RuleRecommendation(i + 1, r.Candidate.Name, r.Candidate.RuleText(shadow: false, r.Description),
                Explanations.Long(r.Candidate, r.Impact, anomalyOnly) + Explanations.OnDrop(r.Drop), r.Impact) { Drop = r.Drop })
            .ToList();
        var summary = Explanations.Summary(ranked.Count, tally.Requests, shoppers.Count, humans, bots, anomalyOnly, options);
        return new RecommendationReport(RecommendationReport.Ok, summary, anomalyOnly, tally.Requests, shoppers.Count, options.SkippedLines, humans, bots, options.MaxHumanCost, ranked);
    }

    /// <summary>The keys of the shoppers whose bit <paramref name="rule"/> is set: those the rule touched.</summary>
    private static HashSet<string> Touched(IReadOnlyList<ushort> touched, int rule, ShopperIndex shoppers)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var s = 0; s < touched.Count; s++)
        {
            if ((touched[s] & (1 << rule)) != 0)
            {
                keys.Add(shoppers.KeyOf(s));
            }
        }

        return keys;
    }

    /// <summary>The promise to merchants: every recommended rule passes the checker on its own (<c>fairdrop rules check</c>).</summary>
    private static bool CompilesAlone(string rule, CompileContext context) => RuleCompiler.Check(rule, context).Success;
}
