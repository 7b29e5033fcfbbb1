using Fairdrop.Core.Errors;

namespace Fairdrop.Restock;

/// <summary>Restock's stable error codes and the errors that carry them.</summary>
public static class RestockErrors
{
    public const string UnknownProduct = "restock_unknown_product";

    /// <summary>A browser call from an origin that is not on the merchant's allow-list.</summary>
    public const string OriginNotAllowed = "restock_origin_not_allowed";

    /// <summary>A hold asks for more units than the product has free: its stock on hand less its active holds.</summary>
    public const string HoldExceedsStock = "hold_exceeds_stock";

    public static Error ProductNotFound(string productId) =>
        Error.Of(ErrorKind.Validation, UnknownProduct, $"No product '{productId}' in this catalog.", "productId");

    /// <summary>
    /// A hold names its product in the path (or as a series' target), not in a body it could correct, so an unknown
    /// product is a 404 there, with the same code as subscribe's 400.
    /// </summary>
    public static Error HoldProductNotFound(string productId) =>
        Error.Of(ErrorKind.NotFound, UnknownProduct, $"No product '{productId}' in this catalog.", "productId");

    public static Error NotEnoughToHold(string productId, long units, long free) =>
        Error.Of(ErrorKind.Conflict, HoldExceedsStock, $"Cannot hold {units} of '{productId}': {free} available.", "units");

    public static Error KeyRejected() => new(ErrorCodes.Unauthorized, "The publishable key is missing or unknown.");

    /// <summary>As every webhook whose signature does not match: 403 <c>invalid_signature</c> (see <see cref="ErrorKinds.Of"/>).</summary>
    public static Error SignatureRejected() =>
        new(ErrorCodes.InvalidSignature, "The X-Shopify-Hmac-Sha256 signature does not match the body.");

    public static Error OriginRejected(string origin) =>
        Error.Of(ErrorKind.Forbidden, OriginNotAllowed, $"The origin '{origin}' is not on this shop's allow-list (PUT /api/v1/restock/settings/origins).");

    public static Error TooManySubscriptions(TimeSpan retryAfter) =>
        new(ErrorCodes.RateLimited, "Too many subscriptions from this client; try again later.") { RetryAfter = retryAfter };
}
