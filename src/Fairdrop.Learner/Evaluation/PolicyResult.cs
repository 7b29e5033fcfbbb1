namespace Fairdrop.Learner.Evaluation;

/// <summary>
/// One policy's figures over a simulated run: engagement per offer with a 95 % interval, expected engagements lost
/// against the best allowed slot (cumulative regret), constraint violations found by the audit, drops, and the daily
/// engagement rate (the learning curve).
/// </summary>
public sealed record PolicyResult(
    string Name,
    long Offers,
    long Sent,
    long Engaged,
    double Rate,
    double Low,
    double High,
    double Regret,
    long Violations,
    long CapDrops,
    long NoSlotDrops,
    double SmsCost,
    IReadOnlyList<double> Curve);
