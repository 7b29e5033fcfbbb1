using Fairdrop.Core.Errors;
using Fairdrop.Core.Staff;
using Fairdrop.Exchange;
using Fairdrop.Exchange.Channels;
using Microsoft.Extensions.Options;

namespace Fairdrop.MerchantConsole;

/// <summary>Invites a staff user and emails them the link, through the exchange's email channel.</summary>
public sealed class StaffMail(StaffService staff, TransactionalEmail email, IOptions<ExchangeOptions> exchange)
{
    public string InvitationUrl(string token) => $"{exchange.Value.PublicBaseUrl.TrimEnd('/')}/console/invite/{Uri.EscapeDataString(token)}";

    /// <summary>Invites and emails; the invitation stands even when the email fails, and the result says so with the link to pass on by hand.</summary>
    public async Task<Result<SentInvitation>> InviteAsync(Guid merchantId, string? address, string? displayName, string? role, CancellationToken cancellationToken)
    {
        if (!(await staff.InviteAsync(merchantId, address, displayName, role, null, cancellationToken)).TryGetValue(out var invitation, out var error))
        {
            return error;
        }

        var url = InvitationUrl(invitation.Token);
        var text = $"""
            Hello {invitation.User.DisplayName},

            You have been invited to the Fairdrop console as {invitation.User.Role}.
            Choose your password here (the link works once, until {invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC):

            {url}
            """;
        var sent = await email.SendAsync(invitation.User.Email, "Your Fairdrop console invitation", text, cancellationToken);
        return new SentInvitation(invitation.User, url, sent.IsSuccess, sent.Error?.Message, email.PickupFolder);
    }
}

/// <summary>An invitation and what became of its email.</summary>
public sealed record SentInvitation(StaffUser User, string Url, bool Emailed, string? EmailError, string? PickupFolder);
