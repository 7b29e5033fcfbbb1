namespace Fairdrop.SmsPrograms.Hours;

/// <summary>When a marketing text may go (<see cref="SendAt"/>), or why it may not (<see cref="DropReason"/>: hours, subject limit, deadline).</summary>
internal readonly record struct PlannedSend(DateTimeOffset? SendAt, string? DropReason)
{
    public static PlannedSend At(DateTimeOffset sendAt) => new(sendAt, null);

    public static PlannedSend Dropped(string reason) => new(null, reason);
}
