using System.Globalization;
using System.Text;
using Fairdrop.Mailboxes.Storage;

namespace Fairdrop.Mailboxes.Export;

/// <summary>Exports as mbox (mboxrd: body lines starting with "From " get a '&gt;') or CSV (RFC 4180 quoting).</summary>
internal static class MailboxExporter
{
    public static string Mbox(IReadOnlyList<MessageRow> rows)
    {
        var builder = new StringBuilder();
        foreach (var row in rows)
        {
            var date = row.At.UtcDateTime;
            builder.Append("From ").Append(Address(row.Sender)).Append(' ')
                .Append(date.ToString("ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture)).Append('\n');
            builder.Append("From: ").Append(row.Sender).Append('\n');
            builder.Append("To: ").Append(row.Recipient).Append('\n');
            builder.Append("Subject: ").Append(row.Subject).Append('\n');
            builder.Append("Date: ").Append(row.At.ToString("r", CultureInfo.InvariantCulture)).Append('\n');
            if (row.MessageIdHeader is { } id)
            {
                builder.Append("Message-ID: <").Append(id).Append(">\n");
            }

            builder.Append("X-Fairdrop-Id: ").Append(row.Id.ToString("D")).Append("\n\n");
            foreach (var line in row.Body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                if (line.TrimStart('>').StartsWith("From ", StringComparison.Ordinal))
                {
                    builder.Append('>');
                }

                builder.Append(line).Append('\n');
            }

            builder.Append('\n');
        }

        return builder.ToString();
    }

    public static string Csv(IReadOnlyList<MessageRow> rows)
    {
        var builder = new StringBuilder("id,at,direction,thread,sender,recipient,subject,body\r\n");
        foreach (var row in rows)
        {
            builder.Append(row.Id.ToString("D")).Append(',')
                .Append(row.At.ToString("O", CultureInfo.InvariantCulture)).Append(',')
                .Append(Quote(row.Direction)).Append(',')
                .Append(Quote(row.ThreadKey)).Append(',')
                .Append(Quote(row.Sender)).Append(',')
                .Append(Quote(row.Recipient)).Append(',')
                .Append(Quote(row.Subject)).Append(',')
                .Append(Quote(row.Body)).Append("\r\n");
        }

        return builder.ToString();
    }

    private static string Address(string sender) => MimeKit.MailboxAddress.TryParse(sender, out var address) ? address.Address : "unknown";

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 && !value.StartsWith('=') ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
