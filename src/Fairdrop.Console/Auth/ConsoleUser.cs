using System.Security.Claims;
using Fairdrop.Core.Staff;

namespace Fairdrop.MerchantConsole.Auth;

/// <summary>The signed-in staff user as pages see them: who, for which merchant, and what their role lets them do.</summary>
public sealed record ConsoleUser(Guid UserId, Guid MerchantId, string DisplayName, string Role, string Stamp, IReadOnlySet<string> Permissions)
{
    public bool Can(string permission) => Permissions.Contains(permission);

    public static ConsoleUser? From(ClaimsPrincipal? principal)
    {
        if (principal is null
            || !Guid.TryParse(principal.FindFirstValue(StaffClaims.UserId), out var userId)
            || !Guid.TryParse(principal.FindFirstValue(StaffClaims.MerchantId), out var merchantId))
        {
            return null;
        }

        return new ConsoleUser(
            userId,
            merchantId,
            principal.FindFirstValue(ClaimTypes.Name) ?? string.Empty,
            principal.FindFirstValue(StaffClaims.Role) ?? string.Empty,
            principal.FindFirstValue(StaffClaims.Stamp) ?? string.Empty,
            new HashSet<string>(principal.FindAll(StaffClaims.Permission).Select(c => c.Value), StringComparer.Ordinal));
    }
}
