namespace Fairdrop.Core.Shoppers;

/// <summary>A storefront request's client: its address (behind trusted proxies) and its device id, either unknown.</summary>
public readonly record struct StorefrontClient(string? Address, string? DeviceId);
