using MimeKit;

namespace Fairdrop.Mailboxes;

/// <summary>A reply or forward as a MIME message: plain text, and In-Reply-To and References so mail clients thread it.</summary>
internal static class OutgoingMail
{
    public static MimeMessage Build(MailboxAddress from, MailboxAddress to, string subject, string text, string? inReplyTo, IReadOnlyList<string> references)
    {
        var mime = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = text } };
        mime.From.Add(from);
        mime.To.Add(to);
        if (inReplyTo is not null)
        {
            mime.InReplyTo = inReplyTo;
        }

        foreach (var reference in references)
        {
            mime.References.Add(reference);
        }

        return mime;
    }
}
