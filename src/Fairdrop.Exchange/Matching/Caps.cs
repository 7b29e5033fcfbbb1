namespace Fairdrop.Exchange.Matching;

/// <summary>Frequency caps over rolling windows: a day is the last 24 hours, a week the last 7 days. Null means no cap.</summary>
public sealed record Caps(int? PerDay = null, int? PerWeek = null, int? PerTopicPerDay = null)
{
    public static readonly Caps None = new();

    public bool Reached(in SentCounts sent) =>
        (PerDay is { } day && sent.Day >= day)
        || (PerWeek is { } week && sent.Week >= week)
        || (PerTopicPerDay is { } topic && sent.TopicDay >= topic);
}
