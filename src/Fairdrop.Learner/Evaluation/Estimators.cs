namespace Fairdrop.Learner.Evaluation;

/// <summary>
/// Off-policy value of a deterministic target policy from logged decisions: IPS averages 1[target = logged] × r / p;
/// DR averages q̂(target) + 1[target = logged] × (r − q̂(logged)) / p with q̂ the logged posterior mean. Intervals are
/// ± 1.96 standard errors of the per-decision terms. The same arithmetic serves the simulator's logs and a merchant's.
/// </summary>
internal static class Estimators
{
    /// <summary>One logged decision as a target policy sees it: did the target pick the logged choice, the reward, the propensity, q̂ of both.</summary>
    public readonly record struct Sample(bool Match, double Reward, double Propensity, double TargetModel, double LoggedModel);

    public static OffPolicyEstimate Estimate(string target, IReadOnlyList<Sample> samples, double? simulated)
    {
        var ips = new double[samples.Count];
        var dr = new double[samples.Count];
        for (var i = 0; i < samples.Count; i++)
        {
            var s = samples[i];
            var match = s.Match ? 1.0 : 0.0;
            ips[i] = match * s.Reward / s.Propensity;
            dr[i] = s.TargetModel + (match * (s.Reward - s.LoggedModel) / s.Propensity);
        }

        return samples.Count < 2
            ? new OffPolicyEstimate(target, samples.Count, null, null, null, null, simulated)
            : new OffPolicyEstimate(target, samples.Count, ips.Average(), HalfWidth(ips), dr.Average(), HalfWidth(dr), simulated);
    }

    private static double HalfWidth(double[] values)
    {
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return 1.96 * Math.Sqrt(variance / values.Length);
    }
}
