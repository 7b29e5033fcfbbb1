using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Language;

namespace Fairdrop.Gate.Recommendations.Analysis;

/// <summary>
/// Measures every feature on every request in one replay of the catalog's probe rules: the gate's own engine and
/// activity store answer the queries, so a threshold chosen here means what the gate will compute live.
/// </summary>
internal static class FeatureScan
{
    public static async Task<FeatureTally> RunAsync(
        FeatureCatalog catalog, IAsyncEnumerable<DecisionRecord> log, ShopperIndex shoppers, CompileContext context, ActivityOptions activity, CancellationToken cancellationToken)
    {
        var features = catalog.Features;
        var tally = new FeatureTally(features, shoppers);
        var bins = new byte[features.Count];
        var agents = new AgentFamilies();
        int[]? slots = null;
        void Observe(DecisionRecord record, GateRequest request, in GateDecision decision)
        {
            slots ??= [.. decision.Rules.Rules.Select(r => r.Slots[0])];
            var agent = agents.Of(record.UserAgent);
            for (var f = 0; f < bins.Length; f++)
            {
                var feature = features[f];
                if (feature.OnlyAction is { } only && !string.Equals(only, record.Action, StringComparison.Ordinal))
                {
                    bins[f] = Feature.NoMatch;
                    continue;
                }

                var value = feature.Kind == FeatureKind.UserAgent ? agent & (1L << (f - features.Count + FeatureCatalog.AgentFamilies.Length)) : request.Activity[slots[feature.Probe]];
                bins[f] = feature.Bin(value);
            }

            tally.Add(shoppers.IndexOf(record), bins);
        }

        var (report, compilation) = await DecisionReplay.RunAsync(catalog.ProbeRules, context, activity, log, Observe, cancellationToken);
        return report is null ? throw new InvalidOperationException("The recommender's probe rules do not compile: " + compilation.Format("probes")) : tally;
    }
}
