namespace Fairdrop.Exchange.Deliveries;

/// <summary>One distribution's deliveries sent, and of them clicked (through a tracked link, each delivery once).</summary>
public readonly record struct DistributionTally(long Sent, long Clicked);
