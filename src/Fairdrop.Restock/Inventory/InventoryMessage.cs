namespace Fairdrop.Restock.Inventory;

/// <summary>One stock figure: event id (for idempotency), product (merchant's id), units available and when that was true.</summary>
public sealed record InventoryMessage(string EventId, string ProductId, long Available, DateTimeOffset? OccurredAt = null);
