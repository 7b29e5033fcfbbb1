using Fairdrop.Core.Shoppers;

namespace Fairdrop.Restock.Waitlist;

/// <summary>Restock's settings as every module's storefront keys: the publishable key and origin allow-list a merchant sets once serve notify-me and SMS opt-in alike.</summary>
internal sealed class RestockStorefrontKeys(RestockSettingsStore settings) : IStorefrontKeys
{
    public Task<Guid?> MerchantOfKeyAsync(string? publishableKey, CancellationToken cancellationToken) => settings.MerchantOfKeyAsync(publishableKey, cancellationToken);

    public async Task<bool> IsOriginAllowedAsync(Guid merchantId, string origin, CancellationToken cancellationToken) =>
        StorefrontOrigins.IsAllowed(origin, await settings.AllowedOriginsAsync(merchantId, cancellationToken));
}
