namespace Fairdrop.Exchange.Deliveries;

/// <summary>One distribution's deliveries written, of them sent, and of those clicked (through a tracked link, each delivery once).</summary>
public readonly record struct DistributionTally(long Deliveries, long Sent, long Clicked);
