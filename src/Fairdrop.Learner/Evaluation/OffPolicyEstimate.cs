namespace Fairdrop.Learner.Evaluation;

/// <summary>
/// A target policy's seen-engagement rate estimated from the learner's logged decisions alone, by inverse propensity
/// (IPS) and doubly robust (DR, the posterior mean as the reward model), each with a 95 % interval; and the rate the
/// target actually got when simulated (null when it was not), to judge the estimators. Null estimates: fewer than two
/// decisions logged.
/// </summary>
public sealed record OffPolicyEstimate(string Target, int Logged, double? Ips, double? IpsHalfWidth, double? DoublyRobust, double? DrHalfWidth, double? Simulated);
