using System.Globalization;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Staff;
using Fairdrop.Exchange.Conversations;
using Fairdrop.Mailboxes.Export;
using Fairdrop.Mailboxes.Imap;
using Fairdrop.Mailboxes.Model;
using Fairdrop.Mailboxes.Ranges;
using Fairdrop.Mailboxes.Storage;
using MimeKit;

namespace Fairdrop.Mailboxes;

/// <summary>
/// The content of mailboxes and conversations (docs/mailboxes.md, ADR 0025); accounts, ranges, intake and sync are
/// <see cref="MailboxAdminService"/>'s. Every content operation first works out the caller's
/// effective ranges (<see cref="RangeRules"/>), then hands the store a <see cref="RangePredicate"/> that every statement
/// carries; a message outside it answers exactly like a missing one. Each access and refusal is written to the audit log.
/// </summary>
public sealed class MailboxService
{
    public const int MaxExport = 100_000;

    private readonly AccountStore _accounts;
    private readonly MessageStore _messages;
    private readonly MessageFactory _factory;
    private readonly CallerScopes _scopes;
    private readonly IMailboxSender _sender;
    private readonly ConversationReplies _replies;
    private readonly MailboxAudit _audit;
    private readonly IdGenerator _ids;
    private readonly TimeProvider _time;

    internal MailboxService(
        AccountStore accounts, MessageStore messages, MessageFactory factory, StaffService staff, IMailboxSender sender, ConversationReplies replies, MailboxAudit audit, IdGenerator ids, TimeProvider time)
    {
        _accounts = accounts;
        _messages = messages;
        _factory = factory;
        _scopes = new CallerScopes(accounts, staff, time);
        _sender = sender;
        _replies = replies;
        _audit = audit;
        _ids = ids;
        _time = time;
    }

    /// <summary>The caller's effective ranges on the account now: the level they come from and the resolved intervals (shown in the console).</summary>
    public async Task<Result<EffectiveRanges>> EffectiveAsync(Guid merchantId, Guid accountId, MailboxCaller caller, CancellationToken cancellationToken)
    {
        var scope = await ScopeAsync(merchantId, accountId, caller, cancellationToken);
        return scope.TryGetValue(out var s, out var error) ? s.Effective : error;
    }

    // ---- content, always within the caller's ranges ----

    /// <summary>Messages newest first (one thread's when <paramref name="threadKey"/> is set: only its visible part).</summary>
    public async Task<Result<MessagePage>> ListAsync(
        Guid merchantId, Guid accountId, MailboxCaller caller, string? after, string? threadKey, int limit, CancellationToken cancellationToken)
    {
        (long, Guid)? cursor = null;
        if (after is not null)
        {
            if (ParseCursor(after) is not { } parsed)
            {
                return Error.Validation("after", "The cursor is not one this list returned.");
            }

            cursor = parsed;
        }

        if (!(await ScopeAsync(merchantId, accountId, caller, cancellationToken)).TryGetValue(out var scope, out var error))
        {
            return await RefusedAsync(merchantId, accountId, caller, "list", null, error, cancellationToken);
        }

        var rows = await _messages.ListAsync(accountId, scope.Predicate, cursor, threadKey, limit, cancellationToken);
        await AuditAsync(merchantId, accountId, caller.Actor, threadKey is null ? "list" : "thread", threadKey, "ok", $"{rows.Count} shown; {scope.Describe()}", cancellationToken);
        var next = rows.Count == limit ? Cursor(rows[^1]) : null;
        return new MessagePage(rows.Select(r => r.ToMessage()).ToList(), next);
    }

    public async Task<Result<MailboxMessage>> GetAsync(Guid merchantId, Guid accountId, MailboxCaller caller, Guid id, CancellationToken cancellationToken)
    {
        var found = await VisibleAsync(merchantId, accountId, caller, id, "read", cancellationToken);
        return found.TryGetValue(out var visible, out var error) ? visible.Row.ToMessage() : error;
    }

    public async Task<Result<long>> CountAsync(Guid merchantId, Guid accountId, MailboxCaller caller, string? text, CancellationToken cancellationToken)
    {
        if (!(await ScopeAsync(merchantId, accountId, caller, cancellationToken)).TryGetValue(out var scope, out var error))
        {
            return await RefusedAsync(merchantId, accountId, caller, "count", null, error, cancellationToken);
        }

        var count = await _messages.CountAsync(accountId, scope.Predicate, text, cancellationToken);
        await AuditAsync(merchantId, accountId, caller.Actor, "count", text, "ok", scope.Describe(), cancellationToken);
        return count;
    }

    /// <summary>Full-text search: the total, the hits and their snippets all come from messages inside the range only.</summary>
    public async Task<Result<SearchResults>> SearchAsync(Guid merchantId, Guid accountId, MailboxCaller caller, string? text, int limit, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 500)
        {
            return Error.Validation("q", "A search text of 1 to 500 characters is required.");
        }

        if (!(await ScopeAsync(merchantId, accountId, caller, cancellationToken)).TryGetValue(out var scope, out var error))
        {
            return await RefusedAsync(merchantId, accountId, caller, "search", text, error, cancellationToken);
        }

        var rows = await _messages.SearchAsync(accountId, scope.Predicate, text, limit, cancellationToken);
        var total = await _messages.CountAsync(accountId, scope.Predicate, text, cancellationToken);
        await AuditAsync(merchantId, accountId, caller.Actor, "search", text, "ok", $"{total} found; {scope.Describe()}", cancellationToken);
        return new SearchResults(total, rows.Select(r => new SearchHit(r.ToMessage(), Snippets.Of(r.Body, text))).ToList());
    }

    /// <summary>Everything inside the range as <c>mbox</c> or <c>csv</c>, oldest first (at most <see cref="MaxExport"/> messages).</summary>
    public async Task<Result<MailboxExport>> ExportAsync(Guid merchantId, Guid accountId, MailboxCaller caller, string? format, CancellationToken cancellationToken)
    {
        if (format is not ("mbox" or "csv"))
        {
            return Error.Validation("format", "The format must be mbox or csv.");
        }

        if (!(await ScopeAsync(merchantId, accountId, caller, cancellationToken)).TryGetValue(out var scope, out var error))
        {
            return await RefusedAsync(merchantId, accountId, caller, "export", format, error, cancellationToken);
        }

        var rows = await _messages.ExportAsync(accountId, scope.Predicate, MaxExport, cancellationToken);
        await AuditAsync(merchantId, accountId, caller.Actor, "export", format, "ok", $"{rows.Count} exported; {scope.Describe()}", cancellationToken);
        return format == "mbox"
            ? new MailboxExport("application/mbox", $"mailbox-{accountId:N}.mbox", MailboxExporter.Mbox(rows), rows.Count)
            : new MailboxExport("text/csv", $"mailbox-{accountId:N}.csv", MailboxExporter.Csv(rows), rows.Count);
    }

    /// <summary>Deletes one message inside the range; outside it (or missing) is 404 and nothing is deleted.</summary>
    public async Task<Result<bool>> DeleteAsync(Guid merchantId, Guid accountId, MailboxCaller caller, Guid id, CancellationToken cancellationToken)
    {
        if (!(await ScopeAsync(merchantId, accountId, caller, cancellationToken)).TryGetValue(out var scope, out var error))
        {
            return await RefusedAsync(merchantId, accountId, caller, "delete", id.ToString("D"), error, cancellationToken);
        }

        if (await _messages.DeleteAsync(accountId, scope.Predicate, id, cancellationToken) == 1)
        {
            await AuditAsync(merchantId, accountId, caller.Actor, "delete", id.ToString("D"), "ok", scope.Describe(), cancellationToken);
            return true;
        }

        await AuditMissAsync(merchantId, accountId, caller, "delete", id, cancellationToken);
        return MailboxErrors.MessageMissing();
    }

    /// <summary>Deletes every message the caller's range covers, and nothing outside it; the number deleted.</summary>
    public async Task<Result<long>> DeleteVisibleAsync(Guid merchantId, Guid accountId, MailboxCaller caller, CancellationToken cancellationToken)
    {
        if (!(await ScopeAsync(merchantId, accountId, caller, cancellationToken)).TryGetValue(out var scope, out var error))
        {
            return await RefusedAsync(merchantId, accountId, caller, "delete_all", null, error, cancellationToken);
        }

        var deleted = await _messages.DeleteAsync(accountId, scope.Predicate, null, cancellationToken);
        await AuditAsync(merchantId, accountId, caller.Actor, "delete_all", null, "ok", $"{deleted} deleted; {scope.Describe()}", cancellationToken);
        return deleted;
    }

    /// <summary>Answers a visible message: an email with In-Reply-To and References (mailbox accounts), stored in its thread.</summary>
    public async Task<Result<MailboxMessage>> ReplyAsync(Guid merchantId, Guid accountId, MailboxCaller caller, Guid id, string? text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Error.Validation("text", "The reply needs a text.");
        }

        if (!(await VisibleAsync(merchantId, accountId, caller, id, "reply", cancellationToken)).TryGetValue(out var visible, out var error))
        {
            return error;
        }

        var original = visible.Row;
        var to = original.Direction == "in" ? original.Sender : original.Recipient;
        var subject = original.Subject.StartsWith("Re:", StringComparison.OrdinalIgnoreCase) ? original.Subject : "Re: " + original.Subject;
        var references = (original.ReferencesHeader ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (original.MessageIdHeader is { } parent)
        {
            references.Add(parent);
        }

        return await SendAndStoreAsync(merchantId, visible.Account, caller, "reply", original, to, subject, text, original.MessageIdHeader, references, cancellationToken);
    }

    /// <summary>Forwards a visible message to <paramref name="to"/>, with an optional note above it.</summary>
    public async Task<Result<MailboxMessage>> ForwardAsync(Guid merchantId, Guid accountId, MailboxCaller caller, Guid id, string? to, string? note, CancellationToken cancellationToken)
    {
        if (to is null || !MailboxAddress.TryParse(to, out _))
        {
            return Error.Validation("to", "The forward needs a valid email address.");
        }

        if (!(await VisibleAsync(merchantId, accountId, caller, id, "forward", cancellationToken)).TryGetValue(out var visible, out var error))
        {
            return error;
        }

        var original = visible.Row;
        var body = $"{note}\n\n---------- Forwarded message ----------\nFrom: {original.Sender}\nDate: {original.At.ToString("r", CultureInfo.InvariantCulture)}\nSubject: {original.Subject}\nTo: {original.Recipient}\n\n{original.Body}";
        return await SendAndStoreAsync(merchantId, visible.Account, caller, "forward", original with { Channel = null }, to, "Fwd: " + original.Subject, body.TrimStart('\n'), null, [], cancellationToken);
    }

    /// <summary>
    /// Sends and stores a reply or forward of <paramref name="original"/>: by email from a mailbox account; to the shopper
    /// on the conversation's channel (through the exchange) when the original is a fed conversation message (its
    /// <see cref="MessageRow.Channel"/> is set); else (an IM message stored by hand) it is only stored.
    /// </summary>
    private async Task<Result<MailboxMessage>> SendAndStoreAsync(
        Guid merchantId, AccountRow account, MailboxCaller caller, string operation, MessageRow original, string to, string subject, string text,
        string? inReplyTo, IReadOnlyList<string> references, CancellationToken cancellationToken)
    {
        var target = original.Id.ToString("D");
        var id = _ids.NewId();
        var sent = account.Kind == "mailbox"
            ? await SendEmailAsync(account, to, subject, text, inReplyTo, references, cancellationToken)
            : original.Channel is { } channel
                ? await SendToShopperAsync(merchantId, original, channel, text, id, cancellationToken)
                : Result<SentAs>.Success(new SentAs(null, null, null, null));
        if (!sent.TryGetValue(out var how, out var sendError))
        {
            await AuditAsync(merchantId, account.Id, caller.Actor, operation, target, "failed", sendError.Message, cancellationToken);
            return sendError;
        }

        var row = await _factory.FromNewAsync(account.Id, id, new NewMessage(
            _time.GetUtcNow(), "out", account.Address ?? account.Name, to, subject, text, original.ThreadKey, how.MessageIdHeader, inReplyTo, string.Join(' ', references)), null, null, "seen", cancellationToken)
            with { ExternalId = how.ExternalId, Channel = how.Channel, ShopperId = how.ShopperId };
        await _messages.InsertAsync(row, cancellationToken);
        await AuditAsync(merchantId, account.Id, caller.Actor, operation, target, "ok", $"sent as {row.Id:D}" + (how.Channel is null ? string.Empty : $" by {how.Channel}"), cancellationToken);
        return row.ToMessage();
    }

    /// <summary>An email from the account's address; what it yields is the Message-ID the sender gave it.</summary>
    private async Task<Result<SentAs>> SendEmailAsync(
        AccountRow account, string to, string subject, string text, string? inReplyTo, IReadOnlyList<string> references, CancellationToken cancellationToken)
    {
        if (account.Address is null || !MailboxAddress.TryParse(to, out var recipient))
        {
            return MailboxErrors.NotEmail();
        }

        var mime = OutgoingMail.Build(MailboxAddress.Parse(account.Address), recipient, subject, text, inReplyTo, references);
        return (await _sender.SendAsync(mime, cancellationToken)).TryGetValue(out var messageId, out var error)
            ? new SentAs(messageId, null, null, null)
            : error;
    }

    /// <summary>
    /// A staff answer in a fed conversation, queued by the exchange to the shopper on the channel the message came or went
    /// on; stored under the delivery's identity, so the exchange's copy of it once sent is not stored a second time.
    /// </summary>
    private async Task<Result<SentAs>> SendToShopperAsync(Guid merchantId, MessageRow original, string channel, string text, Guid id, CancellationToken cancellationToken)
    {
        if (original.ShopperId is not { } shopper)
        {
            return MailboxErrors.ShopperUnknown();
        }

        var queued = await _replies.SendAsync(merchantId, shopper, channel, text, $"mailbox:{id:D}", cancellationToken);
        return queued.TryGetValue(out var deliveryId, out var error) ? new SentAs(null, $"delivery:{deliveryId:D}", channel, shopper) : error;
    }

    /// <summary>What a sent reply is stored under: the email's Message-ID, or the exchange delivery, its channel and shopper.</summary>
    private sealed record SentAs(string? MessageIdHeader, string? ExternalId, string? Channel, Guid? ShopperId);

    // ---- the caller's scope ----

    private async Task<Result<(AccountRow Account, MessageRow Row)>> VisibleAsync(
        Guid merchantId, Guid accountId, MailboxCaller caller, Guid id, string operation, CancellationToken cancellationToken)
    {
        if (!(await ScopeAsync(merchantId, accountId, caller, cancellationToken)).TryGetValue(out var scope, out var error))
        {
            return await RefusedAsync(merchantId, accountId, caller, operation, id.ToString("D"), error, cancellationToken);
        }

        if (await _messages.GetAsync(accountId, scope.Predicate, id, cancellationToken) is { } row)
        {
            await AuditAsync(merchantId, accountId, caller.Actor, operation, id.ToString("D"), "ok", scope.Describe(), cancellationToken);
            return (scope.Account, row);
        }

        await AuditMissAsync(merchantId, accountId, caller, operation, id, cancellationToken);
        return MailboxErrors.MessageMissing();
    }

    /// <summary>The audit line of a 404: the owner may tell "outside the range" from "missing"; the caller never can.</summary>
    private async Task AuditMissAsync(Guid merchantId, Guid accountId, MailboxCaller caller, string operation, Guid id, CancellationToken cancellationToken)
    {
        var exists = await _messages.GetAsync(accountId, RangePredicate.Unrestricted, id, cancellationToken) is not null;
        await AuditAsync(merchantId, accountId, caller.Actor, operation, id.ToString("D"), exists ? "refused_outside_range" : "not_found", null, cancellationToken);
    }

    private async Task<Error> RefusedAsync(Guid merchantId, Guid accountId, MailboxCaller caller, string operation, string? target, Error error, CancellationToken cancellationToken)
    {
        await AuditAsync(merchantId, error.Code == MailboxErrors.AccountNotFound ? null : accountId, caller.Actor, operation, target, "refused", error.Code, cancellationToken);
        return error;
    }

    private Task<Result<CallerScope>> ScopeAsync(Guid merchantId, Guid accountId, MailboxCaller caller, CancellationToken cancellationToken) =>
        _scopes.ResolveAsync(merchantId, accountId, caller, cancellationToken);

    private Task AuditAsync(Guid merchantId, Guid? accountId, string actor, string operation, string? target, string outcome, string? detail, CancellationToken cancellationToken) =>
        _audit.WriteAsync(merchantId, accountId, actor, operation, target, outcome, detail, cancellationToken);

    private static string Cursor(MessageRow row) => $"{row.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}_{row.Id:N}";

    private static (long, Guid)? ParseCursor(string text)
    {
        var parts = text.Split('_');
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var at) && Guid.TryParseExact(parts[1], "N", out var id)
            ? (at, id)
            : null;
    }
}
