using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Matching;
using MimeKit;

namespace Fairdrop.Cli.Restock;

/// <summary>
/// Email without an SMTP server: the exchange's own MIME message (headers, parts, List-Unsubscribe) written as
/// one <c>.eml</c> file per delivery, named by the delivery id so a resend overwrites rather than duplicates.
/// </summary>
internal sealed class PickupFolderChannel(EmailChannel email, string folder) : IChannel
{
    public Channel Kind => Channel.Email;

    public async ValueTask<SendOutcome> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (!MailboxAddress.TryParse(message.Recipient.Contacts.Email, out var to))
        {
            return SendOutcome.Permanent("The recipient has no valid email address.");
        }

        var mime = email.Build(message, to);
        await mime.WriteToAsync(Path.Combine(folder, $"{message.DeliveryId:N}.eml"), cancellationToken);
        return SendOutcome.Sent(mime.MessageId);
    }
}
