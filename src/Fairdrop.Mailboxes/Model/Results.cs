namespace Fairdrop.Mailboxes.Model;

/// <summary>A page of messages newest first; <see cref="Next"/> is the cursor of the following page, null at the end.</summary>
public sealed record MessagePage(IReadOnlyList<MailboxMessage> Items, string? Next);

/// <summary>Search results: <see cref="Total"/> counts only messages inside the caller's range, as do the snippets.</summary>
public sealed record SearchResults(long Total, IReadOnlyList<SearchHit> Items);

/// <summary>A search hit with a snippet cut from the (visible) message itself.</summary>
public sealed record SearchHit(MailboxMessage Message, string Snippet);

/// <summary>The ranges that apply to a caller on an account, and at which level they were found (null: no range, nothing visible).</summary>
public sealed record EffectiveRanges(MailboxUser? From, IReadOnlyList<MailboxRange> Ranges, IReadOnlyList<ResolvedInterval> Intervals);

/// <summary>A range resolved at one instant: both ends inclusive.</summary>
public sealed record ResolvedInterval(DateTimeOffset From, DateTimeOffset To);

/// <summary>An export: its media type, a file name and the content.</summary>
public sealed record MailboxExport(string MediaType, string FileName, string Content, int Messages);

/// <summary>One line of the audit log.</summary>
public sealed record AuditEntry(Guid Id, Guid? AccountId, DateTimeOffset At, string Actor, string Operation, string? Target, string Outcome, string? Detail);

/// <summary>What one IMAP sync did.</summary>
public sealed record SyncReport(long UidValidity, bool Resynced, int Added, int Updated, int Removed);
