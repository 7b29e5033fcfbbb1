namespace Fairdrop.Learner.Updates;

/// <summary>A pending decision as the update reads it: whose, on which arm, and until when an engagement counts.</summary>
internal sealed record OpenDecision(Guid DeliveryId, Guid RecipientId, string? Segment, string Channel, int Bucket, DateTimeOffset SendAt, DateTimeOffset SettleBy);
