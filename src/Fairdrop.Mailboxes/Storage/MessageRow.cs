using System.Text.Json;
using Fairdrop.Mailboxes.Model;

namespace Fairdrop.Mailboxes.Storage;

/// <summary>A row of <c>mailbox_messages</c>.</summary>
internal sealed record MessageRow(
    Guid Id,
    Guid AccountId,
    DateTimeOffset At,
    string Direction,
    string ThreadKey,
    string? MessageIdHeader,
    string? InReplyTo,
    string? ReferencesHeader,
    string Sender,
    string Recipient,
    string Subject,
    string Body,
    string Attachments,
    string Flags,
    long? ImapUidValidity,
    long? ImapUid,
    string? ExternalId = null,
    string? Channel = null,
    Guid? ShopperId = null)
{
    public const string Columns =
        "m.id AS Id, m.account_id AS AccountId, m.at AS At, m.direction AS Direction, m.thread_key AS ThreadKey, m.message_id_header AS MessageIdHeader, " +
        "m.in_reply_to AS InReplyTo, m.references_header AS ReferencesHeader, m.sender AS Sender, m.recipient AS Recipient, m.subject AS Subject, m.body AS Body, " +
        "m.attachments AS Attachments, m.flags AS Flags, m.imap_uid_validity AS ImapUidValidity, m.imap_uid AS ImapUid, " +
        "m.external_id AS ExternalId, m.channel AS Channel, m.shopper_id AS ShopperId";

    public MailboxMessage ToMessage() => new(
        Id,
        AccountId,
        At,
        Direction,
        ThreadKey,
        MessageIdHeader,
        Sender,
        Recipient,
        Subject,
        Body,
        JsonSerializer.Deserialize(Attachments, MailboxJson.Default.IReadOnlyListAttachmentInfo) ?? [],
        Flags,
        Channel);
}
