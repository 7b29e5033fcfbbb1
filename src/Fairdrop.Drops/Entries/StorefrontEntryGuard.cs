using Fairdrop.Core.Errors;
using Fairdrop.Core.Shoppers;
using Fairdrop.Drops.Model;

namespace Fairdrop.Drops.Entries;

/// <summary>
/// Decides who a storefront entry is for. With a shopper token, its subject (the body's shopperId, if given, must be
/// the same shopper). Without one, only drops that allow unverified entries take it, within the per-address and
/// per-device limits, and it is marked unverified.
/// </summary>
internal sealed class StorefrontEntryGuard(ShopperTokenVerifier verifier, UnverifiedEntryLimiter limiter)
{
    public async Task<Result<ProvenShopper>> CheckAsync(Drop drop, string? shopperId, StorefrontCaller caller, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(caller.ShopperToken))
        {
            if (!(await verifier.VerifyAsync(drop.MerchantId, caller.ShopperToken.Trim(), drop.Id, cancellationToken)).TryGetValue(out var token, out var refused))
            {
                return refused;
            }

            var subject = token.ShopperId;
            if (!string.IsNullOrWhiteSpace(shopperId) && ShopperIds.Canonicalize(shopperId) is var stated && (!stated.IsSuccess || stated.Value != subject))
            {
                return Error.Of(ErrorKind.Unauthorized, ErrorCodes.InvalidToken, "The shopper token is for another shopper than shopperId (it may be left out: the token names the shopper).");
            }

            return new ProvenShopper(subject, Verified: true);
        }

        if (!drop.AllowUnverified)
        {
            return new Error(ErrorCodes.ShopperTokenRequired,
                "This drop takes entries only with a shopper token signed by the shop's backend (shopperToken, or the X-Shopper-Token header).");
        }

        if (!ShopperIds.Canonicalize(shopperId).TryGetValue(out var shopper, out var invalid))
        {
            return invalid;
        }

        if (limiter.TryAcquire(drop.Id, caller.Address, caller.DeviceId) is { } wait)
        {
            return new Error(ErrorCodes.RateLimited, "Too many unverified entries from this address or device; try again later.") { RetryAfter = wait };
        }

        return new ProvenShopper(shopper, Verified: false);
    }
}
