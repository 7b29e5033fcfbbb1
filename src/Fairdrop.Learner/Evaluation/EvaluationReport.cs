namespace Fairdrop.Learner.Evaluation;

/// <summary>What <c>fairdrop learner evaluate</c> reports: the run's settings, each policy's figures, the off-policy estimates, the learner's memory.</summary>
public sealed record EvaluationReport(
    int Shoppers,
    int Days,
    ulong Seed,
    IReadOnlyList<PolicyResult> Policies,
    IReadOnlyList<OffPolicyEstimate> Estimates,
    int StateBytesPerRecipient,
    TimeSpan Elapsed)
{
    public PolicyResult Policy(string name) => Policies.Single(p => p.Name == name);

    /// <summary>The best of the fixed-channel baselines, by engagement.</summary>
    public PolicyResult BestFixed => Policies.Where(p => p.Name.StartsWith("fixed ", StringComparison.Ordinal)).MaxBy(p => p.Rate)!;

    /// <summary>Relative gain of the learner over a policy: 0.15 is 15 % more engagement per offer.</summary>
    public double Uplift(PolicyResult baseline) => (Policy("learned").Rate / baseline.Rate) - 1;
}
