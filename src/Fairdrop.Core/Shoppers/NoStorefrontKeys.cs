namespace Fairdrop.Core.Shoppers;

/// <summary>No restock in this host: no publishable keys, so every storefront call is refused as unauthorized.</summary>
public sealed class NoStorefrontKeys : IStorefrontKeys
{
    public Task<Guid?> MerchantOfKeyAsync(string? publishableKey, CancellationToken cancellationToken) => Task.FromResult<Guid?>(null);

    public Task<bool> IsOriginAllowedAsync(Guid merchantId, string origin, CancellationToken cancellationToken) => Task.FromResult(false);
}
