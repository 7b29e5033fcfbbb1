using Fairdrop.Core.Errors;

namespace Fairdrop.Restock;

/// <summary>Restock's stable error codes and the errors that carry them.</summary>
public static class RestockErrors
{
    public const string UnknownProduct = "restock_unknown_product";
    public const string InvalidKey = "restock_invalid_publishable_key";
    public const string BadSignature = "restock_bad_signature";
    public const string UnknownSubscription = "restock_unknown_subscription";

    public static Error ProductNotFound(string productId) => new(UnknownProduct, $"No product '{productId}' in this catalog.", "productId");

    public static Error KeyRejected() => new(ErrorCodes.Unauthorized, "The publishable key is missing or unknown.");

    public static Error SignatureRejected() => new(ErrorCodes.Unauthorized, "The X-Shopify-Hmac-Sha256 signature does not match the body.");
}
