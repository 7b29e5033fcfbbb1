namespace Fairdrop.Drops.Tokens;

/// <summary>The claims of a sale token: which turn of which shopper in which drop, until when.</summary>
internal sealed record SaleToken(Guid TokenId, Guid DropId, Guid EntryId, string ShopperId, DateTimeOffset ExpiresAt);
