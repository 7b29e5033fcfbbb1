namespace Fairdrop.Exchange.Deliveries;

/// <summary>
/// Where every matched recipient of a distribution ended up: by status, drops by reason, and per engagement kind
/// (delivered, opened, clicked, replied, bounced, unsubscribed, failed) how many deliveries had one.
/// </summary>
public sealed record Funnel(long Matched, IReadOnlyDictionary<string, long> ByStatus, IReadOnlyDictionary<string, long> DroppedByReason, IReadOnlyDictionary<string, long>? Engagement = null)
{
    /// <summary>Sent deliveries that were sent again after a crash left their first send unrecorded: some recipients may have them twice.</summary>
    public long PossibleDuplicates { get; init; }
}
