using Fairdrop.Exchange.Matching;

namespace Fairdrop.Restock.Planning;

/// <summary>One waiting subscription as the planner sees it: its place in line, channel and local quiet hours.</summary>
public sealed record WaveCandidate(Guid SubscriptionId, long Tier, DateTimeOffset CreatedAt, string Channel, TimeZoneInfo Zone, DailyWindow? QuietHours);
