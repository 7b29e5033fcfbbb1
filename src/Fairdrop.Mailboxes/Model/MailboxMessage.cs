namespace Fairdrop.Mailboxes.Model;

/// <summary>A message as a mailbox user sees it (only ever one inside their range); <see cref="Channel"/> is <c>in_app</c> or <c>sms</c> for a conversation fed by the exchange.</summary>
public sealed record MailboxMessage(
    Guid Id,
    Guid AccountId,
    DateTimeOffset At,
    string Direction,
    string ThreadKey,
    string? MessageIdHeader,
    string Sender,
    string Recipient,
    string Subject,
    string Body,
    IReadOnlyList<AttachmentInfo> Attachments,
    string Flags,
    string? Channel = null);

/// <summary>An attachment's metadata; the content is not kept.</summary>
public sealed record AttachmentInfo(string Name, string MediaType, long Size);

/// <summary>A message to store (an IM message from the exchange, an email); <see cref="ThreadKey"/> is found from the headers when absent.</summary>
public sealed record NewMessage(
    DateTimeOffset At,
    string? Direction,
    string? Sender,
    string? Recipient,
    string? Subject,
    string? Body,
    string? ThreadKey = null,
    string? MessageIdHeader = null,
    string? InReplyTo = null,
    string? References = null,
    IReadOnlyList<AttachmentInfo>? Attachments = null);
