using Fairdrop.Core.Errors;
using MimeKit;

namespace Fairdrop.Mailboxes;

/// <summary>Sends a reply or a forward; the host's default goes through the exchange's email channel. Returns the Message-ID.</summary>
public interface IMailboxSender
{
    Task<Result<string>> SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
