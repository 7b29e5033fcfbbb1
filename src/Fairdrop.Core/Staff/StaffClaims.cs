namespace Fairdrop.Core.Staff;

/// <summary>
/// Claim types of a signed-in caller. An API key and a staff session both carry <see cref="MerchantId"/>, so every
/// merchant endpoint serves both; only a staff session carries a user, a stamp and permissions.
/// </summary>
public static class StaffClaims
{
    public const string MerchantId = "fairdrop:merchant_id";
    public const string UserId = "fairdrop:staff_user";
    public const string Stamp = "fairdrop:staff_stamp";
    public const string Permission = "fairdrop:permission";
    public const string Role = "fairdrop:staff_role";
}
