using Fairdrop.Core.Errors;

namespace Fairdrop.Core.Shoppers;

/// <summary>Verifies a shopper token against the merchant's live secrets and the clock; the one entry point for drops and the SDK.</summary>
public sealed class ShopperTokenVerifier(ShopperSecretStore secrets, TimeProvider time)
{
    /// <summary>The token's shopper, when it verifies for this merchant and (if it names one) this audience.</summary>
    public async Task<Result<ShopperToken>> VerifyAsync(Guid merchantId, string token, Guid audience, CancellationToken cancellationToken)
    {
        var live = await secrets.VerifyingSecretsAsync(merchantId, cancellationToken);
        if (live.Count == 0)
        {
            return ShopperTokens.Invalid("This shop has no shopper-signing secret yet (POST /api/v1/merchant/shopper-secret/rotate).");
        }

        return ShopperTokens.Verify(token, live, time.GetUtcNow(), audience, merchantId);
    }
}
