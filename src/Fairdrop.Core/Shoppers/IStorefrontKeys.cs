namespace Fairdrop.Core.Shoppers;

/// <summary>
/// The merchant's publishable key and the browser origins allowed to use it, read one way by every module that takes
/// calls straight from a storefront: restock owns them (its settings), SMS programs' public opt-in reads them, so
/// neither references the other. Without restock nobody has keys (<see cref="NoStorefrontKeys"/>).
/// </summary>
public interface IStorefrontKeys
{
    /// <summary>The merchant whose publishable key this is; null for a missing or unknown key (a secret API key is unknown here).</summary>
    Task<Guid?> MerchantOfKeyAsync(string? publishableKey, CancellationToken cancellationToken);

    /// <summary>Whether a browser's <c>Origin</c> is on the merchant's storefront allow-list.</summary>
    Task<bool> IsOriginAllowedAsync(Guid merchantId, string origin, CancellationToken cancellationToken);
}
