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
    private static readonly long FetchMetadataBit = 1L << Decisions.RecordedHeaders.Names.ToList().IndexOf(FeatureCatalog.FetchMetadataHeader);

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
        var matched = new int[features.Length];
        var agents = new AgentFamilies();
        var absentOf = new Dictionary<string, long>(StringComparer.Ordinal);
        var probes = Enumerable.Range(0, catalog.Probes.Count).Where(p => p % parts == part).ToList();
        var pairs = probes.SelectMany(p => features.Where(f => f.Probe == p && f.OnlyAction is null && !f.NonBrowser && f.WithoutHeader is null)).Select(f => f.Index).ToArray();
        int[]? slots = null;

        // On the counting thread, a batch at a time: each probe's bin once; its restricted features take it only on
        // requests of their action, from a non-browser, or without the fetch-metadata header. Only what matched is handed to the tally: most features miss
        // most requests.
        void Count(TallyHandoff.Batch batch)
        {
            for (var r = 0; r < batch.Count; r++)
            {
                var record = batch.Records[r];
                var values = batch.Values.AsSpan(r * batch.Width, batch.Width);
                var agent = agents.Of(record.UserAgent);
                var absent = HeadersAbsent(record.Headers, absentOf);
                var withoutFetchMetadata = (absent & FetchMetadataBit) != 0;
                var n = 0;
                for (var i = 0; i < pairs.Length; i++)
                {
                    var f = pairs[i];
                    var bin = features[f].Bin(values[i]);
                    if (bin == Feature.NoMatch)
                    {
                        continue;
                    }

                    matched[n++] = FeatureTally.Match(f, bin);
                    if (string.Equals(features[f + 1].OnlyAction, record.Action, StringComparison.Ordinal))
                    {
                        matched[n++] = FeatureTally.Match(f + 1, bin);
                    }

                    if (agent != 0)
                    {
                        matched[n++] = FeatureTally.Match(f + 2, bin);
                    }

                    if (withoutFetchMetadata)
                    {
                        matched[n++] = FeatureTally.Match(f + 3, bin);
                    }
                }

                if (part == 0)
                {
                    for (var flags = agent | (absent << FeatureCatalog.AgentFamilies.Length); flags != 0; flags &= flags - 1)
                    {
                        matched[n++] = FeatureTally.Match(catalog.ActivityFeatures + System.Numerics.BitOperations.TrailingZeroCount(flags), 0);
                    }
                }

                var shopper = shoppers.IndexOf(record, batch.Identities[r], out var shopperClass);
                tally.Add(shopper, shopperClass, matched.AsSpan(0, n));
            }
        }

        using var handoff = new TallyHandoff(pairs.Length, Count);
        void Observe(DecisionRecord record, GateRequest request, in GateDecision decision)
        {
            slots ??= [.. decision.Rules.Rules.Select(r => r.Slots[0])];
            handoff.Add(record, request.Identities, request.Activity, slots);
        }

        RuleCompilation compilation;
        try
        {
            compilation = await DecisionReplay.JudgeAsync(catalog.ProbeRules(probes), context, activity, log, _ => Observe, cancellationToken);
        }
        catch
        {
            await handoff.AbandonAsync();
            throw;
        }

        await handoff.CompleteAsync();
        return compilation.Success ? tally : throw new InvalidOperationException("The recommender's probe rules do not compile: " + compilation.Format("probes"));
    }
}
