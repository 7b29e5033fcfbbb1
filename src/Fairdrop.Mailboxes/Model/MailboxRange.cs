namespace Fairdrop.Mailboxes.Model;

/// <summary>A stored permission time range of one mailbox user (or the account default) on one account.</summary>
public sealed record MailboxRange(Guid Id, Guid AccountId, MailboxUser Subject, RangeSpec Range, DateTimeOffset CreatedAt);
