namespace Fairdrop.Exchange.Matching;

/// <summary>How many deliveries a recipient already has in the cap windows (all topics; this topic in the last day).</summary>
public readonly record struct SentCounts(int Day, int Week, int TopicDay);
