using System.Net.Sockets;
using Fairdrop.Exchange.Matching;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Fairdrop.Exchange.Channels;

/// <summary>
/// Email over SMTP with MailKit: HTML and text parts, <c>List-Unsubscribe</c> with RFC 8058 one-click, and a
/// Message-ID made from the delivery id, so a resend after a crash carries the same id.
/// </summary>
internal sealed class EmailChannel(SmtpConnection smtp, IOptions<ExchangeOptions> options) : IChannel, IMimeChannel
{
    public Channel Kind => Channel.Email;

    public async ValueTask<SendOutcome> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (!MailboxAddress.TryParse(message.Recipient.Contacts.Email, out var to))
        {
            return SendOutcome.Permanent("The recipient has no valid email address.");
        }

        return await SendMimeAsync(Build(message, to), cancellationToken);
    }

    public async ValueTask<SendOutcome> SendMimeAsync(MimeMessage mime, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await smtp.SendAsync(mime, cancellationToken);
            return SendOutcome.Sent(mime.MessageId ?? reply);
        }
        catch (SmtpCommandException rejected) when ((int)rejected.StatusCode >= 500)
        {
            return SendOutcome.Permanent($"The SMTP server refused the message: {(int)rejected.StatusCode} {rejected.Message}");
        }
        catch (Exception exception) when (exception is SmtpCommandException or SmtpProtocolException or IOException or SocketException or MailKit.ServiceNotConnectedException)
        {
            return SendOutcome.Transient($"SMTP failed: {exception.Message}");
        }
    }

    internal MimeMessage Build(OutboundMessage message, MailboxAddress to)
    {
        var sender = message.Sender;
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(sender.Brand ?? sender.Name, sender.FromAddress));
        if (sender.ReplyTo is { } replyTo)
        {
            mime.ReplyTo.Add(MailboxAddress.Parse(replyTo));
        }

        mime.To.Add(to);
        mime.Subject = message.Content.Subject ?? string.Empty;
        mime.MessageId = $"{message.DeliveryId:N}@{options.Value.Smtp.MessageIdDomain}";
        if (message.UnsubscribeUrl is { } unsubscribe)
        {
            mime.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            mime.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var body = new BodyBuilder { HtmlBody = message.Content.Html, TextBody = message.Content.Text };
        mime.Body = body.ToMessageBody();
        return mime;
    }
}
