using Fairdrop.Mailboxes.Model;

namespace Fairdrop.Mailboxes.Storage;

/// <summary>A row of <c>mailbox_accounts</c>, with the IMAP password for the sync only.</summary>
internal sealed record AccountRow(
    Guid Id,
    Guid MerchantId,
    string Kind,
    string Name,
    string? Address,
    string? ImapHost,
    long? ImapPort,
    string? ImapUser,
    string? ImapPassword,
    bool ImapTls,
    string? ImapFolder,
    long? UidValidity,
    DateTimeOffset CreatedAt,
    bool Conversations = false)
{
    public const string Columns =
        "id AS Id, merchant_id AS MerchantId, kind AS Kind, name AS Name, address AS Address, imap_host AS ImapHost, imap_port AS ImapPort, " +
        "imap_user AS ImapUser, imap_password AS ImapPassword, imap_tls AS ImapTls, imap_folder AS ImapFolder, uid_validity AS UidValidity, created_at AS CreatedAt, " +
        "conversations AS Conversations";

    public MailboxAccount ToAccount() => new(
        Id,
        Kind,
        Name,
        Address,
        ImapHost is null ? null : new ImapSettings(ImapHost, (int)(ImapPort ?? 993), ImapUser ?? string.Empty, ImapTls, ImapFolder ?? "INBOX"),
        CreatedAt,
        Conversations);
}
