namespace Fairdrop.Learner.Decisions;

/// <summary>
/// One learned decision, explained: the delivery it placed, the chosen channel and time (or the drop reason), the
/// policy's propensity for it, its outcome so far, a one-line summary and every alternative with its score.
/// </summary>
public sealed record DecisionExplanation(
    Guid DeliveryId,
    Guid DistributionId,
    Guid RecipientId,
    string? Channel,
    DateTimeOffset SendAt,
    string? Reason,
    double Propensity,
    string Outcome,
    string Summary,
    IReadOnlyList<DecisionAlternative> Alternatives,
    DateTimeOffset DecidedAt);
