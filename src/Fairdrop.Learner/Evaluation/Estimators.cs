using Fairdrop.Learner.Decisions;
using Fairdrop.Learner.Simulation;

namespace Fairdrop.Learner.Evaluation;

/// <summary>
/// Off-policy value of a deterministic target policy from logged decisions: IPS averages 1[target = logged] × r / p;
/// DR averages q̂(target) + 1[target = logged] × (r − q̂(logged)) / p with q̂ the logged posterior mean. Intervals are
/// ± 1.96 standard errors of the per-decision terms.
/// </summary>
internal static class Estimators
{
    public static OffPolicyEstimate Estimate(string target, IReadOnlyList<LoggedDecision> log, Func<ScoredSlot[], int> policy, double? simulated)
    {
        var ips = new double[log.Count];
        var dr = new double[log.Count];
        for (var i = 0; i < log.Count; i++)
        {
            var d = log[i];
            var pick = policy(d.Alternatives);
            var match = pick == d.Chosen ? 1.0 : 0.0;
            var reward = d.Seen ? 1.0 : 0.0;
            ips[i] = match * reward / d.Propensity;
            dr[i] = d.Alternatives[pick].Posterior.Mean + (match * (reward - d.Alternatives[d.Chosen].Posterior.Mean) / d.Propensity);
        }

        return new OffPolicyEstimate(target, log.Count, ips.Average(), HalfWidth(ips), dr.Average(), HalfWidth(dr), simulated);
    }

    private static double HalfWidth(double[] values)
    {
        if (values.Length < 2)
        {
            return double.NaN;
        }

        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return 1.96 * Math.Sqrt(variance / values.Length);
    }
}
