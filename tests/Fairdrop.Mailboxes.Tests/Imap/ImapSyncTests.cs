using Fairdrop.Core.Storage;
using Fairdrop.Mailboxes.Imap;
using Fairdrop.Mailboxes.Model;
using MailKit;
using MailKit.Net.Imap;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Mailboxes.Tests.Imap;

/// <summary>
/// The sync against a real Dovecot (started by ./test.sh, <see cref="TestServers.Imap"/>): messages appended over IMAP,
/// a connection cut mid-sync, flags, an expunge, and a folder recreated with a new UIDVALIDITY — never a duplicate or a loss.
/// </summary>
public sealed class ImapSyncTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [SkippableFact]
    public async Task Sync_DisconnectFlagsExpungeAndUidValidityChange_NoDuplicatesNoLosses()
    {
        await using var h = await MailboxHarness.CreateAsync(StorageProvider.Sqlite);
        using var client = await Dovecot.ConnectAsync();
        var (account, folder) = await Dovecot.AccountOnNewFolderAsync(h, client);
        var folderName = folder.Name;
        await h.SeeAllAsync(account);
        var reader = MailboxCaller.Operator(MailboxUser.ForRole("anyone"));

        for (var i = 0; i < 5; i++)
        {
            await folder.AppendAsync(Dovecot.Message(i, h.Time.GetUtcNow().AddDays(-i)), MessageFlags.None, Ct);
        }

        // A connection cut after the second message: the sync fails, keeps what it stored, and the next one finishes.
        var sync = h.Services.GetRequiredService<ImapSync>();
        sync.AfterMessage = async (imap, added) =>
        {
            if (added == 2)
            {
                await imap.DisconnectAsync(false, Ct);
            }
        };
        var cut = await h.MailboxAdmin.SyncAsync(h.MerchantId, account, "test", Ct);
        Assert.Equal(MailboxErrors.ImapFailed, cut.Error?.Code);
        Assert.Equal(2, await CountAsync(h, account, reader));
        sync.AfterMessage = null;
        var resumed = (await h.MailboxAdmin.SyncAsync(h.MerchantId, account, "test", Ct)).Value!;
        Assert.Equal(3, resumed.Added);
        Assert.Equal(5, await CountAsync(h, account, reader));
        Assert.Equal(0, (await h.MailboxAdmin.SyncAsync(h.MerchantId, account, "test", Ct)).Value!.Added);

        // Flags and an expunge.
        await folder.OpenAsync(FolderAccess.ReadWrite, Ct);
        var uids = await folder.SearchAsync(MailKit.Search.SearchQuery.All, Ct);
        await folder.AddFlagsAsync(uids[0], MessageFlags.Seen, true, Ct);
        await folder.AddFlagsAsync(uids[1], MessageFlags.Deleted, true, Ct);
        await folder.ExpungeAsync(Ct);
        var changed = (await h.MailboxAdmin.SyncAsync(h.MerchantId, account, "test", Ct)).Value!;
        Assert.Equal(1, changed.Removed);
        Assert.Equal(1, changed.Updated);
        var listed = (await h.Mailboxes.ListAsync(h.MerchantId, account, reader, null, null, 100, Ct)).Value!.Items;
        Assert.Equal(4, listed.Count);
        Assert.DoesNotContain(listed, m => m.MessageIdHeader == "m1@example.com");
        Assert.Equal("seen", listed.Single(m => m.MessageIdHeader == "m0@example.com").Flags);
        var before = listed.ToDictionary(m => m.MessageIdHeader!, m => m.Id);

        // The folder is recreated: a new UIDVALIDITY, the same four messages and one new one.
        await folder.CloseAsync(false, Ct);
        var validity = folder.UidValidity;
        await folder.DeleteAsync(Ct);
        folder = (await client.GetFolder(client.PersonalNamespaces[0]).CreateAsync(folderName, true))!;
        foreach (var i in new[] { 0, 2, 3, 4, 5 })
        {
            await folder.AppendAsync(Dovecot.Message(i, h.Time.GetUtcNow().AddDays(-i)), MessageFlags.None, Ct);
        }

        var resync = (await h.MailboxAdmin.SyncAsync(h.MerchantId, account, "test", Ct)).Value!;
        Assert.True(resync.Resynced);
        Assert.NotEqual((long)validity, resync.UidValidity);
        Assert.Equal(1, resync.Added);
        Assert.Equal(0, resync.Removed);
        var after = (await h.Mailboxes.ListAsync(h.MerchantId, account, reader, null, null, 100, Ct)).Value!.Items;
        Assert.Equal(5, after.Count);
        Assert.Equal(5, after.Select(m => m.MessageIdHeader).Distinct().Count());
        Assert.All(before, kv => Assert.Equal(kv.Value, after.Single(m => m.MessageIdHeader == kv.Key).Id)); // re-pointed, not re-inserted
        await client.DisconnectAsync(true, Ct);
    }

    [SkippableFact]
    public async Task Sync_WrongPassword_IsAnErrorValue()
    {
        var (host, port, user, _) = Dovecot.Server();
        await using var h = await MailboxHarness.CreateAsync(StorageProvider.Sqlite);
        var account = (await h.MailboxAdmin.CreateAccountAsync(h.MerchantId, new NewMailboxAccount("mailbox", "S", null, host, port, user, "wrong", false, "INBOX"), Ct)).Value!.Id;
        Assert.Equal(MailboxErrors.ImapFailed, (await h.MailboxAdmin.SyncAsync(h.MerchantId, account, "test", Ct)).Error?.Code);
    }

    private static async Task<long> CountAsync(MailboxHarness h, Guid account, MailboxCaller reader) =>
        (await h.Mailboxes.CountAsync(h.MerchantId, account, reader, null, Ct)).Value;
}
