namespace Fairdrop.Drops.Model;

/// <summary>What a waiting shopper sees: place, turn, and the sale token once it is their turn.</summary>
public sealed record EntryView(Guid EntryId, string Status, long? Place, DateTimeOffset? ReadyAt, double? ExpectedWaitSeconds, string? SaleToken, DateTimeOffset? TokenExpiresAt, long UnitsLeft);
