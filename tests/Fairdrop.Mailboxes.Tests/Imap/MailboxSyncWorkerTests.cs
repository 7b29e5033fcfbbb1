using Fairdrop.Core.Storage;
using Fairdrop.Mailboxes.Imap;
using Fairdrop.Mailboxes.Model;
using Fairdrop.Mailboxes.Storage;
using Fairdrop.Mailboxes.Telemetry;
using MailKit;

namespace Fairdrop.Mailboxes.Tests.Imap;

/// <summary>
/// The periodic sync against the real Dovecot: a message appended over IMAP arrives with no one calling sync; an account
/// another node is syncing is left alone (its lease) until the lease runs out; a failure is logged without the password.
/// </summary>
public sealed class MailboxSyncWorkerTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly MailboxCaller Reader = MailboxCaller.Operator(MailboxUser.Default);

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task Worker_MessagesAppendedOverImap_ArriveWithoutCallingSync_Once(StorageProvider provider)
    {
        await using var h = await MailboxHarness.CreateAsync(provider);
        using var client = await Dovecot.ConnectAsync();
        var (account, folder) = await Dovecot.AccountOnNewFolderAsync(h, client);
        await h.SeeAllAsync(account);
        await folder.AppendAsync(Dovecot.Message(0, h.Time.GetUtcNow().AddHours(-2)), MessageFlags.None, Ct);

        var worker = h.Get<MailboxSyncWorker>();
        await worker.StartAsync(Ct);
        try
        {
            await UntilAsync(h, () => CountAsync(h, account), 1);
            await folder.AppendAsync(Dovecot.Message(1, h.Time.GetUtcNow().AddHours(-1)), MessageFlags.None, Ct);
            await UntilAsync(h, () => CountAsync(h, account), 2);
        }
        finally
        {
            await worker.StopAsync(Ct);
        }

        // More passes import nothing twice, and the audit log names the worker, never a person's sync.
        await worker.RunOnceAsync(Ct);
        await worker.RunOnceAsync(Ct);
        Assert.Equal(2, await CountAsync(h, account));
        var syncs = (await h.MailboxAdmin.AuditLogAsync(h.MerchantId, null, 100, Ct)).Where(a => a.Operation == "sync").ToList();
        Assert.NotEmpty(syncs);
        Assert.All(syncs, a => Assert.Equal(("sync worker", "ok"), (a.Actor, a.Outcome)));
    }

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task Sync_WhileAnotherNodeHoldsTheAccount_IsRefusedAndSkipped_UntilItsLeaseRunsOut(StorageProvider provider)
    {
        await using var h = await MailboxHarness.CreateAsync(provider);
        using var client = await Dovecot.ConnectAsync();
        var (account, folder) = await Dovecot.AccountOnNewFolderAsync(h, client);
        await h.SeeAllAsync(account);
        for (var i = 0; i < 3; i++)
        {
            await folder.AppendAsync(Dovecot.Message(i, h.Time.GetUtcNow().AddHours(-i)), MessageFlags.None, Ct);
        }

        var now = h.Time.GetUtcNow();
        Assert.True(await h.Get<SyncLeases>().TryTakeAsync(account, "other-node", now, now.AddMinutes(10), Ct));
        Assert.Equal(MailboxErrors.SyncInProgress, (await h.MailboxAdmin.SyncAsync(h.MerchantId, account, "test", Ct)).Error?.Code);
        await h.Get<MailboxSyncWorker>().RunOnceAsync(Ct);
        Assert.Equal(0, await CountAsync(h, account));

        // The other node died: once its lease has run out, the account is synced again.
        h.Time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(3, (await h.MailboxAdmin.SyncAsync(h.MerchantId, account, "test", Ct)).Value!.Added);

        // Two syncs at once (the API and the worker): whichever runs, every message is there once.
        await folder.AppendAsync(Dovecot.Message(3, now), MessageFlags.None, Ct);
        var both = await Task.WhenAll(
            h.MailboxAdmin.SyncAsync(h.MerchantId, account, "test", Ct),
            h.MailboxAdmin.SyncAsync(h.MerchantId, account, "test", Ct));
        Assert.All(both, r => Assert.True(r.IsSuccess || r.Error?.Code == MailboxErrors.SyncInProgress));
        Assert.Equal(1, both.Where(r => r.IsSuccess).Sum(r => r.Value!.Added));
        Assert.Equal(4, await CountAsync(h, account));
    }

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task Sync_LongerThanItsLease_KeepsTheAccount_ByRenewingIt(StorageProvider provider)
    {
        await using var h = await MailboxHarness.CreateAsync(provider);
        using var client = await Dovecot.ConnectAsync();
        var (account, folder) = await Dovecot.AccountOnNewFolderAsync(h, client);
        await folder.AppendAsync(Dovecot.Message(0, h.Time.GetUtcNow()), MessageFlags.None, Ct);
        var start = h.Time.GetUtcNow();
        var stored = new TaskCompletionSource();
        var finish = new TaskCompletionSource();
        h.Get<ImapSync>().AfterMessage = async (_, _) =>
        {
            stored.SetResult();
            await finish.Task;
        };

        var running = h.MailboxAdmin.SyncAsync(h.MerchantId, account, "test", Ct);
        await stored.Task;
        // Thirteen minutes pass in the middle of the sync, a renewal due every 3m20s of the 10-minute lease.
        for (var step = 1; step <= 4; step++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(200));
            var due = h.Time.GetUtcNow().ToUnixTimeMilliseconds() + (long)TimeSpan.FromMinutes(10).TotalMilliseconds;
            for (var tries = 0; tries < 600 && await LeaseUntilAsync(h, account) < due; tries++)
            {
                await Task.Delay(50);
            }
        }

        Assert.False(await h.Get<SyncLeases>().TryTakeAsync(account, "other-node", start.AddMinutes(13), start.AddMinutes(23), Ct));
        finish.SetResult();
        Assert.Equal(1, (await running).Value!.Added);
        Assert.True(await h.Get<SyncLeases>().TryTakeAsync(account, "other-node", h.Time.GetUtcNow(), h.Time.GetUtcNow().AddMinutes(10), Ct)); // released at the end
    }

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task SyncLeases_OneHolderAtATime_OnlyTheHolderReleases(StorageProvider provider)
    {
        await using var h = await MailboxHarness.CreateAsync(provider);
        var leases = h.Get<SyncLeases>();
        var account = await h.AccountAsync();
        var now = h.Time.GetUtcNow();

        Assert.True(await leases.TryTakeAsync(account, "a", now, now.AddMinutes(10), Ct));
        Assert.False(await leases.TryTakeAsync(account, "b", now.AddMinutes(9), now.AddMinutes(19), Ct));
        await leases.ReleaseAsync(account, "b", Ct); // not b's to give back
        Assert.False(await leases.TryTakeAsync(account, "b", now.AddMinutes(9), now.AddMinutes(19), Ct));
        Assert.True(await leases.TryTakeAsync(account, "b", now.AddMinutes(11), now.AddMinutes(21), Ct)); // a's ran out
        await leases.ReleaseAsync(account, "b", Ct);
        Assert.True(await leases.TryTakeAsync(account, "c", now.AddMinutes(12), now.AddMinutes(22), Ct));
    }

    [SkippableFact]
    public async Task Worker_RefusedLoginAndMissingFolder_AreLoggedWithoutThePassword_AndTheOtherAccountsStillSync()
    {
        await using var h = await MailboxHarness.CreateAsync(StorageProvider.Sqlite);
        using var client = await Dovecot.ConnectAsync();
        const string Secret = "not-the-password-7f3a9c";
        var (account, _) = await Dovecot.AccountOnNewFolderAsync(h, client, Secret);
        var (host, port, user, password) = Dovecot.Server();
        var missing = (await h.MailboxAdmin.CreateAccountAsync(h.MerchantId, new NewMailboxAccount("mailbox", "Old", null, host, port, user, password, false, "NoSuchFolder"), Ct)).Value!.Id;
        var (good, folder) = await Dovecot.AccountOnNewFolderAsync(h, client);
        await h.SeeAllAsync(good);
        await folder.AppendAsync(Dovecot.Message(0, h.Time.GetUtcNow()), MessageFlags.None, Ct);

        await h.Get<MailboxSyncWorker>().RunOnceAsync(Ct);

        Assert.Equal(1, await CountAsync(h, good));
        Assert.Contains(h.Logs.Lines, l => l.Id.Id == MailboxesEventIds.SyncFailed && l.Text.Contains(missing.ToString(), StringComparison.Ordinal));

        var failed = Assert.Single(h.Logs.Lines, l => l.Id.Id == MailboxesEventIds.SyncFailed && l.Text.Contains(account.ToString(), StringComparison.Ordinal));
        Assert.Contains(account.ToString(), failed.Text, StringComparison.Ordinal);
        Assert.Contains(MailboxErrors.ImapFailed, failed.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Logs.Lines, l => l.Text.Contains(Secret, StringComparison.Ordinal));
        Assert.Equal("failed", (await h.MailboxAdmin.AuditLogAsync(h.MerchantId, null, 10, Ct)).Single(a => a.Operation == "sync" && a.AccountId == account).Outcome);
    }

    private static async Task<long> LeaseUntilAsync(MailboxHarness h, Guid account)
    {
        await using var connection = await h.Db.Factory.OpenAsync(Ct);
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT lease_until FROM mailbox_sync_leases WHERE account_id = @account", new { account });
    }

    private static async Task<long> CountAsync(MailboxHarness h, Guid account) => (await h.Mailboxes.CountAsync(h.MerchantId, account, Reader, null, Ct)).Value;

    /// <summary>Moves the worker's clock an interval at a time until <paramref name="count"/> reaches <paramref name="expected"/> (giving up after about a minute).</summary>
    private static async Task UntilAsync(MailboxHarness h, Func<Task<long>> count, long expected)
    {
        for (var tries = 0; tries < 1200 && await count() < expected; tries++)
        {
            h.Time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(50);
        }

        Assert.Equal(expected, await count());
    }
}
