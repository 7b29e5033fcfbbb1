using Fairdrop.Core.Ids;
using Fairdrop.Mailboxes.Model;
using Fairdrop.Mailboxes.Storage;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Fairdrop.Mailboxes.Imap;

/// <summary>
/// Brings an account up to date with its IMAP folder. Every step is idempotent, so a sync cut off anywhere (a dropped
/// connection) is finished by the next one: new UIDs are inserted under a unique (account, UIDVALIDITY, UID) key,
/// flags are overwritten, rows whose UID the server no longer lists are removed. When the folder's UIDVALIDITY differs
/// from the one recorded, every UID is stale: rows are matched to the server's messages by Message-ID and re-pointed,
/// the rest re-fetched, and only rows matching nothing on the server are removed — no duplicates, no losses.
/// </summary>
internal sealed class ImapSync(AccountStore accounts, MessageStore messages, IdGenerator ids, MessageFactory factory)
{
    private const int Batch = 50;

    /// <summary>Called after each message stored; tests cut the connection here.</summary>
    internal Func<ImapClient, int, Task>? AfterMessage { get; set; }

    public async Task<SyncReport> RunAsync(AccountRow account, CancellationToken cancellationToken)
    {
        using var client = new ImapClient();
        await client.ConnectAsync(account.ImapHost ?? throw new InvalidOperationException("The account has no IMAP host."), (int)(account.ImapPort ?? 993), account.ImapTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.None, cancellationToken);
        await client.AuthenticateAsync(account.ImapUser ?? string.Empty, account.ImapPassword ?? string.Empty, cancellationToken);
        var folder = await client.GetFolderAsync(account.ImapFolder ?? "INBOX", cancellationToken);
        await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var validity = (long)folder.UidValidity;
        var resync = account.UidValidity is { } recorded && recorded != validity;

        var summaries = folder.Count == 0
            ? []
            : await folder.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.Envelope, cancellationToken);
        var local = await messages.ImapRowsAsync(account.Id, cancellationToken);
        var byUid = local.Where(r => r.UidValidity == validity).ToDictionary(r => r.Uid!.Value);
        var byHeader = local.Where(r => r.MessageIdHeader is not null).GroupBy(r => r.MessageIdHeader!).ToDictionary(g => g.Key, g => g.First());
        var kept = new HashSet<Guid>();
        int added = 0, updated = 0, removed = 0;
        var toFetch = new List<IMessageSummary>();

        foreach (var summary in summaries)
        {
            var uid = (long)summary.UniqueId.Id;
            var flags = Flags(summary.Flags);
            var row = byUid.GetValueOrDefault(uid);
            if (row is null && summary.Envelope?.MessageId is { } header && byHeader.TryGetValue(header, out var same) && !kept.Contains(same.Id)
                && (same.UidValidity != validity))
            {
                row = same; // the same message under a new UIDVALIDITY (or a copy whose UID we lost): re-point, never insert twice
            }

            if (row is null)
            {
                toFetch.Add(summary);
                continue;
            }

            kept.Add(row.Id);
            if (row.UidValidity != validity || row.Uid != uid || row.Flags != flags)
            {
                await messages.UpdateImapAsync(row.Id, validity, uid, flags, cancellationToken);
                updated++;
            }
        }

        // Deletions: only after the whole listing is known, so a sync cut off earlier never removes anything by mistake.
        var serverUids = summaries.Select(s => (long)s.UniqueId.Id).ToHashSet();
        foreach (var row in local.Where(r => !kept.Contains(r.Id) && !(r.UidValidity == validity && serverUids.Contains(r.Uid!.Value))))
        {
            removed += await messages.RemoveSyncedAsync(account.Id, row.Id, cancellationToken);
        }

        foreach (var chunk in toFetch.Chunk(Batch))
        {
            foreach (var summary in chunk)
            {
                var mime = await folder.GetMessageAsync(summary.UniqueId, cancellationToken);
                var row = await factory.FromMimeAsync(account.Id, ids.NewId(), mime, (long)summary.UniqueId.Id, validity, Flags(summary.Flags), cancellationToken);
                if (await messages.InsertAsync(row, cancellationToken))
                {
                    added++;
                }

                if (AfterMessage is { } hook)
                {
                    await hook(client, added);
                }
            }
        }

        await accounts.SetUidValidityAsync(account.Id, validity, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
        return new SyncReport(validity, resync, added, updated, removed);
    }

    internal static string Flags(MessageFlags? flags)
    {
        if (flags is not { } value || value == MessageFlags.None)
        {
            return string.Empty;
        }

        var names = new List<string>(4);
        if (value.HasFlag(MessageFlags.Seen)) names.Add("seen");
        if (value.HasFlag(MessageFlags.Answered)) names.Add("answered");
        if (value.HasFlag(MessageFlags.Flagged)) names.Add("flagged");
        if (value.HasFlag(MessageFlags.Draft)) names.Add("draft");
        if (value.HasFlag(MessageFlags.Deleted)) names.Add("deleted");
        return string.Join(' ', names);
    }
}
