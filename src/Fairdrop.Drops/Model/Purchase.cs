namespace Fairdrop.Drops.Model;

/// <summary>A completed sale: units reserved for the shopper under a valid, single-use token.</summary>
public sealed record Purchase(Guid Id, Guid DropId, Guid EntryId, string ShopperId, long Quantity, DateTimeOffset CreatedAt);
