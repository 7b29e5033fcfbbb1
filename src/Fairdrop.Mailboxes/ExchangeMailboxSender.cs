using Fairdrop.Core.Errors;
using Fairdrop.Exchange.Channels;
using MimeKit;

namespace Fairdrop.Mailboxes;

/// <summary>Replies and forwards through the exchange's email channel (SMTP, or the pickup folder without a server).</summary>
internal sealed class ExchangeMailboxSender(TransactionalEmail email) : IMailboxSender
{
    public Task<Result<string>> SendAsync(MimeMessage message, CancellationToken cancellationToken) => email.SendMimeAsync(message, cancellationToken);
}
