using MimeKit;

namespace Fairdrop.Exchange.Channels;

/// <summary>An email channel that can also send a message built elsewhere (see <see cref="TransactionalEmail"/>).</summary>
internal interface IMimeChannel
{
    ValueTask<SendOutcome> SendMimeAsync(MimeMessage mime, CancellationToken cancellationToken);
}
