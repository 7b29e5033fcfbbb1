using Fairdrop.Core.Ids;
using Fairdrop.Mailboxes.Model;
using Fairdrop.Mailboxes.Storage;

namespace Fairdrop.Mailboxes;

/// <summary>Writes one line of the mailbox audit log (who, what, on which account and message, with what outcome), clipped to 500 characters a field.</summary>
internal sealed class MailboxAudit(AccountStore accounts, IdGenerator ids, TimeProvider time)
{
    public Task WriteAsync(Guid merchantId, Guid? accountId, string actor, string operation, string? target, string outcome, string? detail, CancellationToken cancellationToken) =>
        accounts.AuditAsync(merchantId, new AuditEntry(ids.NewId(), accountId, time.GetUtcNow(), actor, operation, Truncate(target), outcome, Truncate(detail)), cancellationToken);

    private static string? Truncate(string? value) => value is { Length: > 500 } ? value[..500] : value;
}
