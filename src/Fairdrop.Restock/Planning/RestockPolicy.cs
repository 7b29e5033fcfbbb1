namespace Fairdrop.Restock.Planning;

/// <summary>How a round releases alerts: alerts per unit in stock, the stock below which it pauses, the pause between waves, the order.</summary>
public sealed record RestockPolicy(double AlertsPerUnit, long MinInventory, TimeSpan Interval, OrderPolicy Order)
{
    public static readonly RestockPolicy Default = new(3, 1, TimeSpan.FromMinutes(15), OrderPolicy.OldestFirst);

    /// <summary>The stock a product needs to count as in stock: the minimum, and never less than one unit.</summary>
    public long Threshold => Math.Max(1, MinInventory);
}
