namespace Fairdrop.Mailboxes.Model;

/// <summary>
/// A mailbox (kind <c>mailbox</c>, optionally synced over IMAP) or IM account (kind <c>im</c>); <see cref="Conversations"/>
/// marks the IM account the exchange's conversations are fed into. The IMAP password is never shown.
/// </summary>
public sealed record MailboxAccount(Guid Id, string Kind, string Name, string? Address, ImapSettings? Imap, DateTimeOffset CreatedAt, bool Conversations = false);

/// <summary>Where an account's mailbox lives; <see cref="Folder"/> defaults to INBOX.</summary>
public sealed record ImapSettings(string Host, int Port, string User, bool Tls, string Folder);

/// <summary>A new account; <see cref="ImapPassword"/> is stored and never returned.</summary>
public sealed record NewMailboxAccount(string? Kind, string? Name, string? Address, string? ImapHost = null, int? ImapPort = null, string? ImapUser = null, string? ImapPassword = null, bool ImapTls = false, string? ImapFolder = null);
