namespace Fairdrop.Exchange.Matching;

/// <summary>The outcome for one recipient: a channel (and fallback) with a send time, or a drop reason.</summary>
internal readonly record struct MatchDecision(DropReason Reason, Channel Channel, Channel? Fallback, DateTimeOffset SendAt)
{
    public bool IsDropped => Reason != DropReason.None;

    public static MatchDecision Drop(DropReason reason) => new(reason, default, null, default);
}
