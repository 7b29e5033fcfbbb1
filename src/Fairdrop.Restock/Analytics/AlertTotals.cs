namespace Fairdrop.Restock.Analytics;

/// <summary>A merchant's alerts in all: how many were written, and to how many distinct subscriptions.</summary>
public sealed record AlertTotals(long Alerted, long DistinctSubscriptions);
