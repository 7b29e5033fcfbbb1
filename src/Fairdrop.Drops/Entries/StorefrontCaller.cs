namespace Fairdrop.Drops.Entries;

/// <summary>Who calls the storefront entry endpoint: the shopper token it brings, if any, and its address and device for rate limits.</summary>
public sealed record StorefrontCaller(string? ShopperToken, string? Address, string? DeviceId);
