namespace Fairdrop.Restock.Analytics;

/// <summary>A merchant's alerts in all: how many were written, to how many distinct subscriptions, and the deliveries sent.</summary>
public sealed record AlertTotals(long Alerted, long DistinctSubscriptions, IReadOnlyList<SentDelivery> Sent);
