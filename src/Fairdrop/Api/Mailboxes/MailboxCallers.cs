using System.Security.Claims;
using Fairdrop.Auth;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Staff;
using Fairdrop.Mailboxes.Model;

namespace Fairdrop.Api.Mailboxes;

/// <summary>
/// Who reads content (ADR 0025): a staff session is its own mailbox user and may not name another; an API key acts for
/// the merchant, is no mailbox user, and reads content only as the one it names with <c>as</c>.
/// </summary>
internal static class MailboxCallers
{
    public static Result<MailboxCaller> From(ClaimsPrincipal user, string? @as)
    {
        if (user.FindFirstValue(StaffClaims.UserId) is { } staff)
        {
            return @as is null
                ? MailboxCaller.Staff(Guid.Parse(staff))
                : Error.Validation("as", "A staff session reads as itself; only an API key names a mailbox user.");
        }

        if (@as is null)
        {
            return MailboxCaller.Merchant(user.GetCallerId());
        }

        return MailboxUser.TryParse(@as, out var subject)
            ? MailboxCaller.Key(user.GetCallerId(), subject)
            : Error.Validation("as", "as must be role:<name>, user:<id>, employee:<id> or default.");
    }

    /// <summary>How the audit log names the caller of an admin operation.</summary>
    public static string Actor(ClaimsPrincipal user) =>
        user.FindFirstValue(StaffClaims.UserId) is { } staff ? $"user:{staff}" : $"key:{user.GetCallerId():D}";
}
