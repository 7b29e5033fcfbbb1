namespace Fairdrop.Exchange.Engagement;

/// <summary>Learner input: how many events of a kind one recipient produced on one channel in one hour of the day (UTC, 0–23).</summary>
public sealed record EngagementHistoryRow(Guid RecipientId, string Channel, long Hour, string Kind, long Count);
