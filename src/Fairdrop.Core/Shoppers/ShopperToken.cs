namespace Fairdrop.Core.Shoppers;

/// <summary>A verified shopper token: who (the canonical shopper id), until when, and for which drop or merchant if it says.</summary>
public sealed record ShopperToken(string ShopperId, DateTimeOffset ExpiresAt, Guid? Audience);
