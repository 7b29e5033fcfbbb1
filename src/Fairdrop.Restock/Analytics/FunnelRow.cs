namespace Fairdrop.Restock.Analytics;

/// <summary>The funnel of one product (and round, when given): waiting → alerted → clicked → purchased → revenue.</summary>
public sealed record FunnelRow(string ProductId, string Title, Guid? RoundId, string? RoundStatus, long Waves, long Waiting, long Alerted, long Sent, long Clicked, long Purchased, double Revenue);
