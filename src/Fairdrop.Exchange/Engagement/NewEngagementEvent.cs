namespace Fairdrop.Exchange.Engagement;

/// <summary>An event about to be stored, with the key that makes a repeat of its source record once.</summary>
internal sealed record NewEngagementEvent(EngagementEvent Event, string DedupeKey);
