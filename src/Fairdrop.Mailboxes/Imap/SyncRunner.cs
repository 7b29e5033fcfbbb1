using Fairdrop.Core.Errors;
using Fairdrop.Mailboxes.Model;
using Fairdrop.Mailboxes.Storage;
using MailKit;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace Fairdrop.Mailboxes.Imap;

/// <summary>
/// One IMAP sync of one account, under the account's lease (<see cref="SyncLeases"/>), whoever asks (the API, the CLI,
/// the periodic worker, on any node): a second sync of the same account while one runs answers
/// <see cref="MailboxErrors.SyncInProgress"/> instead of importing beside it. A running sync renews its lease; only a
/// node that died mid-sync lets it run out. Broken connections and refused logins are
/// error values; the audit log records every sync that changed something or failed.
/// </summary>
internal sealed class SyncRunner(ImapSync sync, SyncLeases leases, MailboxAudit audit, TimeProvider time, IOptions<MailboxOptions> options)
{
    /// <summary>Syncs <paramref name="account"/>; <paramref name="auditUnchanged"/> false leaves a sync that found nothing new out of the audit log (the worker's every minute).</summary>
    public async Task<Result<SyncReport>> RunAsync(AccountRow account, string actor, bool auditUnchanged, CancellationToken cancellationToken)
    {
        var holder = Guid.NewGuid().ToString("N");
        var now = time.GetUtcNow();
        if (!await leases.TryTakeAsync(account.Id, holder, now, now + options.Value.SyncLease, cancellationToken))
        {
            return MailboxErrors.SyncBusy();
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = RenewAsync(account.Id, holder, stop.Token);
        try
        {
            var report = await sync.RunAsync(account, cancellationToken);
            if (auditUnchanged || report.Added + report.Updated + report.Removed > 0)
            {
                await audit.WriteAsync(account.MerchantId, account.Id, actor, "sync", null, "ok", $"added {report.Added}, updated {report.Updated}, removed {report.Removed}", cancellationToken);
            }

            return report;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ServiceNotConnectedException or ServiceNotAuthenticatedException
            or AuthenticationException or SslHandshakeException or ProtocolException or CommandException or FolderNotFoundException)
        {
            await audit.WriteAsync(account.MerchantId, account.Id, actor, "sync", null, "failed", e.Message, cancellationToken);
            return MailboxErrors.Imap(e.Message);
        }
        finally
        {
            await stop.CancelAsync();
            await renewing;
            await leases.ReleaseAsync(account.Id, holder, CancellationToken.None);
        }
    }

    /// <summary>While the sync runs, moves its lease on every third of the lease, so only a dead node's lease ever runs out.</summary>
    private async Task RenewAsync(Guid accountId, string holder, CancellationToken cancellationToken)
    {
        var lease = options.Value.SyncLease;
        try
        {
            while (true)
            {
                await Task.Delay(lease / 3, time, cancellationToken);
                await leases.RenewAsync(accountId, holder, time.GetUtcNow() + lease, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The sync is over.
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException)
        {
            // The database is away: the sync (idempotent) goes on; at worst its lease runs out and another node syncs beside it.
        }
    }
}
