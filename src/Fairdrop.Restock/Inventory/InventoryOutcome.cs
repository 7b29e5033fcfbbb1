namespace Fairdrop.Restock.Inventory;

/// <summary>What became of one inventory message: applied, a duplicate event, older than the stock on record, or an unknown product.</summary>
public sealed record InventoryOutcome(string EventId, string Outcome, string? Status)
{
    public const string Applied = "applied";
    public const string Duplicate = "duplicate";
    public const string Stale = "stale";
    public const string UnknownProduct = "unknown_product";
}
