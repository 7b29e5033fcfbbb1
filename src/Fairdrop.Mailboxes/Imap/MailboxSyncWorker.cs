using Fairdrop.Core.Errors;
using Fairdrop.Core.Hosting;
using Fairdrop.Mailboxes.Model;
using Fairdrop.Mailboxes.Storage;
using Fairdrop.Mailboxes.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Mailboxes.Imap;

/// <summary>
/// Every <see cref="MailboxOptions.SyncInterval"/>, syncs each account with IMAP settings, of every merchant. Several
/// nodes may run it on one database: an account another node is syncing is skipped (its lease), and the sync itself is
/// idempotent by UIDVALIDITY, UID and Message-ID. One account's failure is logged (never its password) and the pass goes on.
/// </summary>
internal sealed class MailboxSyncWorker(AccountStore accounts, SyncRunner sync, TimeProvider time, IOptions<MailboxOptions> options, ILogger<MailboxSyncWorker> logger)
    : BackgroundService
{
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var account in await accounts.ImapAccountsAsync(cancellationToken))
        {
            Result<SyncReport> result;
            try
            {
                result = await sync.RunAsync(account, "sync worker", auditUnchanged: false, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Something the sync does not expect (a malformed message, a database error): this account waits for
                // the next pass, the others still sync. The message, not the exception: it never carries the password.
                Log.SyncFailed(logger, account.Id, exception.GetType().Name, exception.Message);
                continue;
            }

            if (result.TryGetValue(out var report, out var error))
            {
                if (report.Added + report.Updated + report.Removed > 0)
                {
                    Log.Synced(logger, account.Id, report.Added, report.Updated, report.Removed);
                }
            }
            else if (error.Code != MailboxErrors.SyncInProgress)
            {
                Log.SyncFailed(logger, account.Id, error.Code, error.Message);
            }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PollingLoop.RunAsync(RunOnceAsync, () => options.Value.SyncInterval, time, e => Log.SyncPassFailed(logger, e), stoppingToken);
}
