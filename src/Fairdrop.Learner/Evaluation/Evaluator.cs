using System.Diagnostics;
using Fairdrop.Exchange.Matching;
using Fairdrop.Learner.Decisions;
using Fairdrop.Learner.Model;
using Fairdrop.Learner.Simulation;
using Fairdrop.Learner.Simulation.Policies;

namespace Fairdrop.Learner.Evaluation;

/// <summary>
/// The offline evaluation: the learner against the oracle and the baselines on one seeded simulated market, then
/// off-policy estimates from the learner's own logged decisions, as a merchant would run them on its history.
/// </summary>
public static class Evaluator
{
    private static readonly Channel[] FixedChannels = [Channel.Email, Channel.Sms, Channel.WebPush, Channel.InApp];

    public static EvaluationReport Run(int shoppers, int days, ulong seed, IProgress<int>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var settings = new SimulationSettings(shoppers, days, seed);
        var learned = new LearnedPolicy(shoppers, SimulationSettings.Workers, OfferTerms.Default);
        IShopperPolicy[] policies =
        [
            new OraclePolicy(OfferTerms.Default),
            learned,
            .. FixedChannels.Select(c => new FixedChannelPolicy(c)),
            new MostRecentChannelPolicy(shoppers),
            new ChannelThenTimePolicy(shoppers),
            new RandomPolicy(),
        ];
        var market = new Market(settings, policies);
        learned.ShopperSegment = i => market.Shoppers[i].Segment;
        var tallies = market.Run(progress);
        var results = policies.Zip(tallies, Result).ToList();
        var log = learned.Log;
        var logged = log.Select(d => (Options: (IReadOnlyList<TargetPolicies.Option>)[.. d.Alternatives.Select(a => new TargetPolicies.Option(LearnedDeliveryChooser.ChannelName(a.Channel), a.SendAt, a.Posterior.Mean, a.Expected))], d)).ToList();
        IReadOnlyList<OffPolicyEstimate> estimates = [.. TargetPolicies.All.Select(t => Estimators.Estimate(
            t.Name,
            [.. logged.Select(l => TargetPolicies.Sample(l.Options, l.d.Chosen, l.d.Propensity, l.d.Seen, t.Pick))],
            Simulated(policies, tallies, t.Name)))];
        return new EvaluationReport(shoppers, days, seed, results, estimates, RecipientState.SerializedSize, clock.Elapsed);
    }

    /// <summary>The seen-engagement rate per send the target got when it ran in the simulation, if it did.</summary>
    private static double? Simulated(IShopperPolicy[] policies, IReadOnlyList<PolicyTally> tallies, string name)
    {
        var i = Array.FindIndex(policies, p => p.Name == name);
        return i < 0 ? null : (double)tallies[i].Seen / tallies[i].Sent;
    }

    private static PolicyResult Result(IShopperPolicy policy, PolicyTally tally)
    {
        var rate = (double)tally.Engaged / tally.Offers;
        var half = 1.96 * Math.Sqrt(rate * (1 - rate) / tally.Offers);
        var curve = tally.EngagedByDay.Zip(tally.OffersByDay, (e, o) => o == 0 ? 0 : (double)e / o).ToArray();
        return new PolicyResult(policy.Name, tally.Offers, tally.Sent, tally.Engaged, rate, rate - half, rate + half, tally.Regret, tally.Violations, tally.CapDrops, tally.NoSlotDrops, tally.Cost, curve);
    }
}
