namespace Fairdrop.Exchange.Deliveries;

/// <summary>Where every matched recipient of a distribution ended up: by status, and drops by reason.</summary>
public sealed record Funnel(long Matched, IReadOnlyDictionary<string, long> ByStatus, IReadOnlyDictionary<string, long> DroppedByReason);
