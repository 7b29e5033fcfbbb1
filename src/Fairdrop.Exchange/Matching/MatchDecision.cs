namespace Fairdrop.Exchange.Matching;

/// <summary>
/// The outcome for one recipient: a channel (and fallback) with a send time, or a drop reason. Eligible is every channel
/// that passed contacts and consent, for a learned delivery to choose among.
/// </summary>
internal readonly record struct MatchDecision(DropReason Reason, Channel Channel, Channel? Fallback, DateTimeOffset SendAt, ChannelSet Eligible = ChannelSet.None)
{
    public bool IsDropped => Reason != DropReason.None;

    public static MatchDecision Drop(DropReason reason) => new(reason, default, null, default);
}
