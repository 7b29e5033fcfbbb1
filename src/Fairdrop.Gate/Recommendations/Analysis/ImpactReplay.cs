using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Recommendations.Labels;

namespace Fairdrop.Gate.Recommendations.Analysis;

/// <summary>
/// Replays all candidates at once, each as a shadow rule, with the existing replay engine (its judging loop, without the
/// before-and-after report nobody reads here): shadow rules never act, and
/// the store records a request whatever the decision, so each rule's matches are what it would match alone.
/// </summary>
internal static class ImpactReplay
{
    /// <summary>At most this many rules per replay: each shopper keeps one bit per rule.</summary>
    public const int MaxRules = 16;

    /// <summary>Each rule's impact, and per shopper of the index a bit per rule that touched it (bit r: rule r of <paramref name="rules"/>).</summary>
    public static async Task<(IReadOnlyList<RecommendationImpact> Impacts, IReadOnlyList<ushort> Touched)> RunAsync(
        string rules, int count, IAsyncEnumerable<DecisionRecord> log, ShopperIndex shoppers, long labelledBotRequests, RecommendationOptions options, CancellationToken cancellationToken)
    {
        var requests = new long[count];
        var botRequests = new long[count];
        // The scan numbered every shopper of this log already; a request no candidate matched is not even looked up.
        var touched = new List<ushort>(new ushort[shoppers.Count]);
        void Observe(DecisionRecord record, GateRequest request, in GateDecision decision)
        {
            if (decision.ShadowMatched.IsEmpty)
            {
                return;
            }

            var shopper = shoppers.IndexOf(record, request.Identities, out var shopperClass);
            while (touched.Count <= shopper)
            {
                touched.Add(0);
            }

            var bot = shopperClass == ShopperClass.Bot;
            for (var r = 0; r < count; r++)
            {
                if (decision.ShadowMatched.Contains(r))
                {
                    requests[r]++;
                    botRequests[r] += bot ? 1 : 0;
                    touched[shopper] |= (ushort)(1 << r);
                }
            }
        }

        var compilation = await DecisionReplay.JudgeAsync(rules, options.Context, options.Activity, log, _ => Observe, cancellationToken);
        if (!compilation.Success)
        {
            throw new InvalidOperationException("Recommended rules must compile: " + compilation.Format("recommended"));
        }

        var humans = 0L;
        for (var s = 0; s < shoppers.Count; s++)
        {
            humans += shoppers.ClassOf(s) == ShopperClass.Human ? 1 : 0;
        }

        return ([.. Enumerable.Range(0, count).Select(r => Summarize(r, requests[r], botRequests[r], touched, shoppers, humans, labelledBotRequests))], touched);
    }

    private static RecommendationImpact Summarize(int rule, long requests, long botRequests, List<ushort> touched, ShopperIndex shoppers, long humans, long allBotRequests)
    {
        long affected = 0, bots = 0, hurt = 0, purchases = 0;
        for (var s = 0; s < touched.Count; s++)
        {
            if ((touched[s] & (1 << rule)) == 0)
            {
                continue;
            }

            affected++;
            purchases += shoppers.PurchasesOf(s);
            var c = shoppers.ClassOf(s);
            bots += c == ShopperClass.Bot ? 1 : 0;
            hurt += c == ShopperClass.Human ? 1 : 0;
        }

        return new RecommendationImpact(requests, affected, botRequests, allBotRequests, bots, hurt, humans, purchases);
    }
}
