using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Language;

namespace Fairdrop.Gate.Recommendations.Analysis;

/// <summary>
/// Measures every feature on every request by replaying the catalog's probe rules: the gate's own engine and activity
/// store answer the queries, so a threshold chosen here means what the gate will compute live. The probes are split
/// among <c>parts</c> replays of the log that run at once, each with its own store, and their tallies are merged.
/// </summary>
internal static class FeatureScan
{
    public static async Task<FeatureTally> RunAsync(
        FeatureCatalog catalog, Func<IAsyncEnumerable<DecisionRecord>> readLog, IReadOnlyDictionary<string, Labels.ShopperLabel> labels,
        CompileContext context, ActivityOptions activity, int parts, CancellationToken cancellationToken)
    {
        parts = Math.Clamp(parts, 1, catalog.Probes.Count);
        var scans = Enumerable.Range(0, parts).Select(p => Task.Run(() => ScanAsync(catalog, p, parts, readLog(), new ShopperIndex(labels), context, activity, cancellationToken), cancellationToken));
        var tallies = await Task.WhenAll(scans);
        foreach (var other in tallies.Skip(1))
        {
            tallies[0].Merge(other);
        }

        return tallies[0];
    }

    /// <summary>A bit per <see cref="Decisions.RecordedHeaders.Names"/> the request was recorded without; none when presence was not recorded.</summary>
    private static long HeadersAbsent(string? headers, Dictionary<string, long> seen)
    {
        if (headers is null)
        {
            return 0;
        }

        // A night has a handful of distinct header sets: each is parsed once.
        if (seen.TryGetValue(headers, out var known))
        {
            return known;
        }

        var absent = 0L;
        var names = Decisions.RecordedHeaders.Names;
        for (var i = 0; i < names.Count; i++)
        {
            absent |= Decisions.RecordedHeaders.Contains(headers, names[i]) ? 0 : 1L << i;
        }

        return seen[headers] = absent;
    }

    private static async Task<FeatureTally> ScanAsync(
        FeatureCatalog catalog, int part, int parts, IAsyncEnumerable<DecisionRecord> log, ShopperIndex shoppers, CompileContext context, ActivityOptions activity, CancellationToken cancellationToken)
    {
        Feature[] features = [.. catalog.Features];
        var tally = new FeatureTally(features, shoppers);
        var bins = new byte[features.Length];
        Array.Fill(bins, Feature.NoMatch);
        var agents = new AgentFamilies();
        var absentOf = new Dictionary<string, long>(StringComparer.Ordinal);
        var probes = Enumerable.Range(0, catalog.Probes.Count).Where(p => p % parts == part).ToList();
        var pairs = probes.SelectMany(p => features.Where(f => f.Probe == p && f.OnlyAction is null && !f.NonBrowser)).Select(f => f.Index).ToArray();
        int[]? slots = null;
        void Observe(DecisionRecord record, GateRequest request, in GateDecision decision)
        {
            slots ??= [.. decision.Rules.Rules.Select(r => r.Slots[0])];
            var activity = request.Activity;
            var agent = agents.Of(record.UserAgent);
            var flags = agent | (HeadersAbsent(record.Headers, absentOf) << FeatureCatalog.AgentFamilies.Length);

            // Each probe's bin once; its restricted features take it only on requests of their action, or from a non-browser.
            for (var i = 0; i < pairs.Length; i++)
            {
                var f = pairs[i];
                var bin = features[f].Bin(activity[slots[i]]);
                bins[f] = bin;
                bins[f + 1] = bin == Feature.NoMatch || string.Equals(features[f + 1].OnlyAction, record.Action, StringComparison.Ordinal) ? bin : Feature.NoMatch;
                bins[f + 2] = agent != 0 ? bin : Feature.NoMatch;
            }

            if (part == 0)
            {
                for (var f = catalog.ActivityFeatures; f < bins.Length; f++)
                {
                    bins[f] = (flags & (1L << (f - catalog.ActivityFeatures))) != 0 ? (byte)0 : Feature.NoMatch;
                }
            }

            tally.Add(shoppers.IndexOf(record), bins);
        }

        var compilation = await DecisionReplay.JudgeAsync(catalog.ProbeRules(probes), context, activity, log, _ => Observe, cancellationToken);
        return compilation.Success ? tally : throw new InvalidOperationException("The recommender's probe rules do not compile: " + compilation.Format("probes"));
    }
}
