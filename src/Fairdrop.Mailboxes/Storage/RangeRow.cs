using Fairdrop.Mailboxes.Model;

namespace Fairdrop.Mailboxes.Storage;

/// <summary>A row of <c>mailbox_ranges</c>.</summary>
internal sealed record RangeRow(Guid Id, Guid AccountId, string SubjectKind, string SubjectKey, string Kind, long? LengthMs, long? StartAt, long? DeadlineAt, DateTimeOffset CreatedAt)
{
    public const string Columns =
        "id AS Id, account_id AS AccountId, subject_kind AS SubjectKind, subject_key AS SubjectKey, kind AS Kind, length_ms AS LengthMs, " +
        "start_at AS StartAt, deadline_at AS DeadlineAt, created_at AS CreatedAt";

    public MailboxRange ToRange() => new(
        Id,
        AccountId,
        new MailboxUser(Enum.Parse<MailboxUserKind>(SubjectKind, ignoreCase: true), SubjectKey),
        new RangeSpec(
            Enum.Parse<RangeKind>(Kind, ignoreCase: true),
            LengthMs is { } length ? TimeSpan.FromMilliseconds(length) : null,
            StartAt is { } start ? DateTimeOffset.FromUnixTimeMilliseconds(start) : null,
            DeadlineAt is { } deadline ? DateTimeOffset.FromUnixTimeMilliseconds(deadline) : null),
        CreatedAt);

    public static RangeRow From(Guid id, Guid accountId, MailboxUser subject, RangeSpec range, DateTimeOffset createdAt) => new(
        id,
        accountId,
        MailboxUser.KindName(subject.Kind),
        subject.Key,
        range.Kind.ToString().ToLowerInvariant(),
        range.Length is { } length ? (long)length.TotalMilliseconds : null,
        range.Start?.ToUnixTimeMilliseconds(),
        range.Deadline?.ToUnixTimeMilliseconds(),
        createdAt);
}
