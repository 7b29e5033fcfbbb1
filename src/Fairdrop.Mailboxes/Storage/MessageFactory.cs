using System.Text.Json;
using Fairdrop.Mailboxes.Model;
using MimeKit;

namespace Fairdrop.Mailboxes.Storage;

/// <summary>Builds message rows: from a MIME message (IMAP, a sent reply) or a <see cref="NewMessage"/>, finding the thread from the headers.</summary>
internal sealed class MessageFactory(MessageStore messages)
{
    public async Task<MessageRow> FromMimeAsync(Guid accountId, Guid id, MimeMessage mime, long? uid, long? uidValidity, string flags, CancellationToken cancellationToken)
    {
        var attachments = mime.Attachments.OfType<MimePart>()
            .Select(a => new AttachmentInfo(a.FileName ?? "attachment", a.ContentType.MimeType, a.Content?.Stream is { CanSeek: true } s ? s.Length : 0))
            .ToList();
        var message = new NewMessage(
            mime.Date == DateTimeOffset.MinValue ? DateTimeOffset.UnixEpoch : mime.Date,
            "in",
            mime.From.ToString(),
            mime.To.ToString(),
            mime.Subject,
            mime.TextBody ?? mime.HtmlBody ?? string.Empty,
            MessageIdHeader: mime.MessageId,
            InReplyTo: mime.InReplyTo,
            References: string.Join(' ', mime.References),
            Attachments: attachments);
        return await FromNewAsync(accountId, id, message, uid, uidValidity, flags, cancellationToken);
    }

    public async Task<MessageRow> FromNewAsync(Guid accountId, Guid id, NewMessage message, long? uid, long? uidValidity, string flags, CancellationToken cancellationToken)
    {
        var references = (message.References ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(message.InReplyTo))
        {
            candidates.Add(message.InReplyTo);
        }

        candidates.AddRange(references.Reverse());
        var thread = message.ThreadKey
            ?? await messages.ThreadOfAsync(accountId, candidates, cancellationToken)
            ?? references.FirstOrDefault()
            ?? message.MessageIdHeader
            ?? id.ToString("D");
        return new MessageRow(
            id,
            accountId,
            message.At,
            message.Direction ?? "in",
            thread,
            message.MessageIdHeader,
            message.InReplyTo,
            references.Length == 0 ? null : string.Join(' ', references),
            message.Sender ?? string.Empty,
            message.Recipient ?? string.Empty,
            message.Subject ?? string.Empty,
            message.Body ?? string.Empty,
            JsonSerializer.Serialize(message.Attachments ?? [], MailboxJson.Default.IReadOnlyListAttachmentInfo),
            flags,
            uidValidity,
            uid);
    }
}
