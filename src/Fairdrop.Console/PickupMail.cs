using Fairdrop.Exchange.Channels;
using MimeKit;

namespace Fairdrop.MerchantConsole;

/// <summary>
/// The emails in the pickup folder, when no SMTP server is configured: the console lists the latest so a new user sees
/// that alerts and invitations were written, and where, rather than wondering why no mail arrived.
/// </summary>
public sealed class PickupMail(TransactionalEmail email)
{
    public string? Folder => email.PickupFolder;

    public IReadOnlyList<PickedUpEmail> Latest(int count)
    {
        if (Folder is not { } folder || !Directory.Exists(folder))
        {
            return [];
        }

        return [.. new DirectoryInfo(folder).EnumerateFiles("*.eml").OrderByDescending(f => f.LastWriteTimeUtc).Take(count).Select(Read)];
    }

    private static PickedUpEmail Read(FileInfo file)
    {
        try
        {
            // Headers only: the body may be large and is not shown.
            using var stream = file.OpenRead();
            var headers = HeaderList.Load(stream);
            return new PickedUpEmail(file.Name, headers[HeaderId.To] ?? string.Empty, headers[HeaderId.Subject] ?? string.Empty, file.LastWriteTimeUtc);
        }
        catch (Exception exception) when (exception is IOException or FormatException or ParseException)
        {
            return new PickedUpEmail(file.Name, string.Empty, "(unreadable)", file.LastWriteTimeUtc);
        }
    }
}

/// <summary>One email in the pickup folder: its file, recipient, subject and when it was written.</summary>
public sealed record PickedUpEmail(string File, string To, string Subject, DateTime WrittenAt);
