namespace Fairdrop.Exchange.Matching;

/// <summary>Frequency caps over rolling windows: a day is the last 24 hours, a week the last 7 days. Null means no cap.</summary>
public sealed record Caps(int? PerDay = null, int? PerWeek = null, int? PerTopicPerDay = null)
{
    public static readonly Caps None = new();

    /// <summary>A cap is a count of messages: zero (none at all) or more. The one check for senders' and recipients' caps.</summary>
    public bool IsValid() => (PerDay is null or >= 0) && (PerWeek is null or >= 0) && (PerTopicPerDay is null or >= 0);

    public bool Reached(in SentCounts sent) =>
        (PerDay is { } day && sent.Day >= day)
        || (PerWeek is { } week && sent.Week >= week)
        || (PerTopicPerDay is { } topic && sent.TopicDay >= topic);
}
