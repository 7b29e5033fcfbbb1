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

    /// <summary>Who holds a per-caller allowance (open streams): the API key, or for a staff session the staff user.</summary>
    public static Guid GetCallerId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(KeyId) ?? user.FindFirstValue(Fairdrop.Core.Staff.StaffClaims.UserId) ?? throw new InvalidOperationException("The caller is neither a key nor a staff user."));
}
