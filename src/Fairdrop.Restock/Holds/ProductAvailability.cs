namespace Fairdrop.Restock.Holds;

/// <summary>
/// A product's stock on hand, the units its active holds take, what is left to sell or hold (never below zero: stock
/// may fall under what is held), and its active holds, soonest to lapse first (at most <see cref="HoldService.MaxListed"/>).
/// </summary>
public sealed record ProductAvailability(string ProductId, long Stock, long Held, long Available, IReadOnlyList<Hold> Holds);
