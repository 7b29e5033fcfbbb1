using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Fairdrop.Mailboxes.Imap;
using Fairdrop.Mailboxes.Model;
using Fairdrop.Mailboxes.Ranges;
using Fairdrop.Mailboxes.Storage;
using MimeKit;

namespace Fairdrop.Mailboxes;

/// <summary>
/// The administration of mailboxes (mailbox.admin; docs/mailboxes.md): accounts, the permission ranges of each mailbox
/// user, the audit log, messages handed in by the system, and IMAP sync. Reading and acting on content, always within
/// a caller's ranges, is <see cref="MailboxService"/>'s.
/// </summary>
public sealed class MailboxAdminService
{
    private readonly AccountStore _accounts;
    private readonly MessageStore _messages;
    private readonly MessageFactory _factory;
    private readonly SyncRunner _sync;
    private readonly MailboxAudit _audit;
    private readonly IdGenerator _ids;
    private readonly TimeProvider _time;

    internal MailboxAdminService(AccountStore accounts, MessageStore messages, MessageFactory factory, SyncRunner sync, MailboxAudit audit, IdGenerator ids, TimeProvider time)
    {
        _accounts = accounts;
        _messages = messages;
        _factory = factory;
        _sync = sync;
        _audit = audit;
        _ids = ids;
        _time = time;
    }

    public async Task<Result<MailboxAccount>> CreateAccountAsync(Guid merchantId, NewMailboxAccount request, CancellationToken cancellationToken)
    {
        var kind = request.Kind ?? "mailbox";
        if (kind is not ("mailbox" or "im"))
        {
            return Error.Validation("kind", "The kind must be mailbox or im.");
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            return Error.Validation("name", "A name of 1 to 200 characters is required.");
        }

        if (request.Address is { } address && !MailboxAddress.TryParse(address, out _))
        {
            return Error.Validation("address", "The address is not a valid email address.");
        }

        if (request.ImapHost is not null && (kind != "mailbox" || string.IsNullOrEmpty(request.ImapUser) || string.IsNullOrEmpty(request.ImapPassword)))
        {
            return Error.Validation("imapUser", "An IMAP connection needs a mailbox account, a user and a password.");
        }

        if (request.ImapPort is { } port && port is < 1 or > 65535)
        {
            return Error.Validation("imapPort", "The port must be between 1 and 65535.");
        }

        var row = new AccountRow(_ids.NewId(), merchantId, kind, request.Name, request.Address, request.ImapHost, request.ImapPort ?? (request.ImapHost is null ? null : request.ImapTls ? 993 : 143),
            request.ImapUser, request.ImapPassword, request.ImapTls, request.ImapFolder, null, _time.GetUtcNow());
        await _accounts.InsertAsync(row, cancellationToken);
        return row.ToAccount();
    }

    public async Task<IReadOnlyList<MailboxAccount>> ListAccountsAsync(Guid merchantId, CancellationToken cancellationToken) =>
        (await _accounts.ListAsync(merchantId, cancellationToken)).Select(a => a.ToAccount()).ToList();

    public async Task<Result<MailboxAccount>> GetAccountAsync(Guid merchantId, Guid accountId, CancellationToken cancellationToken) =>
        await _accounts.GetAsync(merchantId, accountId, cancellationToken) is { } row ? row.ToAccount() : MailboxErrors.AccountMissing();

    /// <summary>Replaces the ranges of <paramref name="subject"/> on the account (an empty list removes them: the subject falls back to the next level).</summary>
    public async Task<Result<IReadOnlyList<MailboxRange>>> SetRangesAsync(
        Guid merchantId, Guid accountId, MailboxUser subject, IReadOnlyList<RangeSpec> ranges, string actor, CancellationToken cancellationToken)
    {
        if (await _accounts.GetAsync(merchantId, accountId, cancellationToken) is null)
        {
            return MailboxErrors.AccountMissing();
        }

        for (var i = 0; i < ranges.Count; i++)
        {
            if (RangeRules.Validate(ranges[i], $"ranges[{i}].") is { } invalid)
            {
                return invalid;
            }
        }

        var now = _time.GetUtcNow();
        var rows = ranges.Select(r => RangeRow.From(_ids.NewId(), accountId, subject, r, now)).ToList();
        await _accounts.ReplaceRangesAsync(merchantId, accountId, subject, rows, cancellationToken);
        await _audit.WriteAsync(merchantId, accountId, actor, "set_ranges", subject.ToString(), "ok", string.Join("; ", ranges.Select(Describe)), cancellationToken);
        return rows.Select(r => r.ToRange()).ToList();
    }

    public async Task<Result<IReadOnlyList<MailboxRange>>> ListRangesAsync(Guid merchantId, Guid accountId, CancellationToken cancellationToken) =>
        await _accounts.GetAsync(merchantId, accountId, cancellationToken) is null
            ? MailboxErrors.AccountMissing()
            : Result<IReadOnlyList<MailboxRange>>.Success(await _accounts.RangesAsync(accountId, cancellationToken));

    public async Task<IReadOnlyList<AuditEntry>> AuditLogAsync(Guid merchantId, Guid? before, int limit, CancellationToken cancellationToken) =>
        await _accounts.AuditLogAsync(merchantId, before, limit, cancellationToken);

    // ---- ingestion (the system, not a mailbox user) ----

    /// <summary>Stores a message in the account (an IM message handed over by the exchange, an email from another source).</summary>
    public async Task<Result<MailboxMessage>> AddMessageAsync(Guid merchantId, Guid accountId, NewMessage message, CancellationToken cancellationToken)
    {
        if (await _accounts.GetAsync(merchantId, accountId, cancellationToken) is null)
        {
            return MailboxErrors.AccountMissing();
        }

        if (message.Direction is not (null or "in" or "out"))
        {
            return Error.Validation("direction", "The direction must be in or out.");
        }

        var row = await _factory.FromNewAsync(accountId, _ids.NewId(), message, null, null, string.Empty, cancellationToken);
        await _messages.InsertAsync(row, cancellationToken);
        return row.ToMessage();
    }

    public async Task<Result<SyncReport>> SyncAsync(Guid merchantId, Guid accountId, string actor, CancellationToken cancellationToken)
    {
        if (await _accounts.GetAsync(merchantId, accountId, cancellationToken) is not { } account)
        {
            return MailboxErrors.AccountMissing();
        }

        if (account.ImapHost is null)
        {
            return MailboxErrors.NoImap();
        }

        return await _sync.RunAsync(account, actor, auditUnchanged: true, cancellationToken);
    }

    /// <summary>Makes the IM account the one the exchange's conversations are fed into from now on (ADR 0027); the previous one keeps what it holds.</summary>
    public async Task<Result<MailboxAccount>> UseForConversationsAsync(Guid merchantId, Guid accountId, string actor, CancellationToken cancellationToken)
    {
        if (await _accounts.GetAsync(merchantId, accountId, cancellationToken) is not { } account)
        {
            return MailboxErrors.AccountMissing();
        }

        if (!await _accounts.MarkConversationsAsync(merchantId, accountId, cancellationToken))
        {
            return Error.Validation("account", "Only an IM account receives conversations.");
        }

        await _audit.WriteAsync(merchantId, accountId, actor, "use_for_conversations", null, "ok", null, cancellationToken);
        return (account with { Conversations = true }).ToAccount();
    }

    private static string Describe(RangeSpec range) => range.Kind switch
    {
        RangeKind.Rolling => $"rolling {range.Length}",
        RangeKind.Since => $"since {range.Start:O}",
        RangeKind.Until => $"until {range.Deadline:O}",
        _ => $"between {range.Start:O} and {range.Deadline:O}",
    };
}
