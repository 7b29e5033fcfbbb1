using Fairdrop.Core.Errors;
using Fairdrop.Exchange.Matching;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Fairdrop.Exchange.Channels;

/// <summary>
/// An email to a person who is not a shopper (a staff invitation): sent through the exchange's email channel, over SMTP
/// or into the pickup folder when no SMTP server is configured. Shoppers' consent, caps and quiet hours do not apply,
/// because it is not a delivery to a recipient; nothing is recorded in the exchange's tables.
/// </summary>
public sealed class TransactionalEmail(IEnumerable<IChannel> channels, IOptions<ExchangeOptions> options)
{
    private readonly IMimeChannel? _email = channels.LastOrDefault(c => c.Kind == Channel.Email) as IMimeChannel;

    /// <summary>Where emails go when no SMTP server is configured, or null when they go over SMTP.</summary>
    public string? PickupFolder => (_email as PickupFolderChannel)?.Folder;

    public async Task<Result<string>> SendAsync(string to, string subject, string text, CancellationToken cancellationToken)
    {
        if (!MailboxAddress.TryParse(to, out var address))
        {
            return Error.Validation("email", "The address is not a valid email address.");
        }

        var domain = options.Value.Smtp.MessageIdDomain;
        var mime = new MimeMessage { Subject = subject, MessageId = $"{Guid.NewGuid():N}@{domain}", Body = new TextPart("plain") { Text = text } };
        mime.From.Add(new MailboxAddress("Fairdrop", $"no-reply@{domain}"));
        mime.To.Add(address);
        return await SendMimeAsync(mime, cancellationToken);
    }

    /// <summary>
    /// Sends a message its caller built (a mailbox reply with its own From, In-Reply-To and References); a missing
    /// Message-ID is given one in the exchange's domain. Returns the Message-ID.
    /// </summary>
    public async Task<Result<string>> SendMimeAsync(MimeMessage mime, CancellationToken cancellationToken)
    {
        if (_email is null)
        {
            return Error.Of(ErrorKind.Unavailable, "email_unavailable", "No email channel is configured.");
        }

        if (string.IsNullOrEmpty(mime.MessageId))
        {
            mime.MessageId = $"{Guid.NewGuid():N}@{options.Value.Smtp.MessageIdDomain}";
        }

        var outcome = await _email.SendMimeAsync(mime, cancellationToken);
        return outcome.Result == SendResult.Sent
            ? mime.MessageId
            : Error.Of(ErrorKind.Unavailable, "email_failed", $"The email could not be sent: {outcome.Error}");
    }
}
