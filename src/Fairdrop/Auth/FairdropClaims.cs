using System.Security.Claims;

namespace Fairdrop.Auth;

/// <summary>Claims an API key turns into, and how endpoints read the merchant they act for.</summary>
internal static class FairdropClaims
{
    public const string MerchantId = Fairdrop.Core.Staff.StaffClaims.MerchantId;
    public const string KeyId = "fairdrop:key_id";
    public const string OperatorRole = "operator";
    public const string MerchantRole = "merchant";

    /// <summary>The calling merchant. Only endpoints behind the merchant policy call this, so the claim is always there.</summary>
    public static Guid GetMerchantId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(MerchantId) ?? throw new InvalidOperationException("The caller is not a merchant."));

    public static Guid GetKeyId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(KeyId) ?? throw new InvalidOperationException("The caller has no key."));
}
