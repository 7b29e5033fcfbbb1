using Fairdrop.Mailboxes.Model;
using Fairdrop.Mailboxes.Ranges;

namespace Fairdrop.Api.Mailboxes;

/// <summary>Body of <c>PUT /api/v1/mailbox-admin/accounts/{id}/ranges</c>: the whole set of ranges of one mailbox user (empty removes them).</summary>
internal sealed record RangesRequest(string? Subject, IReadOnlyList<RangeRequest>? Ranges);

/// <summary>One range: <c>kind</c> rolling, since, until or between; <c>length</c> an ISO 8601 duration (P30D); instants with their offset.</summary>
internal sealed record RangeRequest(string? Kind, string? Length, DateTimeOffset? Start, DateTimeOffset? Deadline);

/// <summary>A stored range as the API shows it.</summary>
internal sealed record RangeView(Guid Id, string Subject, RangeKind Kind, string? Length, DateTimeOffset? Start, DateTimeOffset? Deadline)
{
    public static RangeView Of(MailboxRange range) =>
        new(range.Id, range.Subject.ToString(), range.Range.Kind, RangeInput.Length(range.Range), range.Range.Start, range.Range.Deadline);
}

/// <summary>The caller's effective ranges on an account: the level they come from (null: none, nothing visible) and the intervals now.</summary>
internal sealed record EffectiveView(string? From, IReadOnlyList<RangeView> Ranges, IReadOnlyList<ResolvedInterval> Intervals);

/// <summary>Body of <c>POST .../reply</c>.</summary>
internal sealed record ReplyRequest(string? Text);

/// <summary>Body of <c>POST .../forward</c>.</summary>
internal sealed record ForwardRequest(string? To, string? Note);

/// <summary>A count inside the caller's range.</summary>
internal sealed record CountView(long Count);
