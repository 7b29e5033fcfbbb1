namespace Fairdrop.Learner.Storage;

/// <summary>A row of <c>learner_decisions</c> as written at decision time.</summary>
internal sealed record DecisionRecord(
    Guid DeliveryId,
    Guid MerchantId,
    Guid DistributionId,
    Guid RecipientId,
    string? Segment,
    string? Channel,
    int Bucket,
    DateTimeOffset SendAt,
    DateTimeOffset SettleBy,
    string? Reason,
    double Propensity,
    string Alternatives,
    DateTimeOffset DecidedAt);
