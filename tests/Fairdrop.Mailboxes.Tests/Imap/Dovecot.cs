using System.Globalization;
using Fairdrop.Mailboxes.Model;
using Fairdrop.Testing;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Fairdrop.Mailboxes.Tests.Imap;

/// <summary>The real Dovecot of ./test.sh (<see cref="TestServers.Imap"/>): a client of our own, a folder per test, and messages to append.</summary>
internal static class Dovecot
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public static (string Host, int Port, string User, string Password) Server()
    {
        var parts = TestServers.Imap().Split(';');
        var endpoint = parts[0].Split(':');
        return (endpoint[0], int.Parse(endpoint[1], CultureInfo.InvariantCulture), parts[1], parts[2]);
    }

    public static async Task<ImapClient> ConnectAsync()
    {
        var (host, port, user, password) = Server();
        var client = new ImapClient();
        await client.ConnectAsync(host, port, SecureSocketOptions.None, Ct);
        await client.AuthenticateAsync(user, password, Ct);
        return client;
    }

    /// <summary>A mailbox account on a new folder of its own (so tests never see each other's messages), with the folder.</summary>
    public static async Task<(Guid Account, IMailFolder Folder)> AccountOnNewFolderAsync(MailboxHarness h, ImapClient client, string? password = null)
    {
        var (host, port, user, right) = Server();
        var name = $"Sync{Guid.NewGuid():N}"[..20];
        var created = await h.MailboxAdmin.CreateAccountAsync(h.MerchantId, new NewMailboxAccount("mailbox", "Support", "support@shop.test", host, port, user, password ?? right, false, name), Ct);
        var folder = (await client.GetFolder(client.PersonalNamespaces[0]).CreateAsync(name, true))!;
        return (created.Value!.Id, folder);
    }

    public static MimeMessage Message(int i, DateTimeOffset date)
    {
        var message = new MimeMessage { Subject = $"Question {i}", MessageId = $"m{i}@example.com", Date = date, Body = new TextPart("plain") { Text = $"Body {i}" } };
        message.From.Add(MailboxAddress.Parse("shopper@example.com"));
        message.To.Add(MailboxAddress.Parse("support@shop.test"));
        return message;
    }
}
