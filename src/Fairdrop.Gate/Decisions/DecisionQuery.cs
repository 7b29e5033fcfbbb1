namespace Fairdrop.Gate.Decisions;

/// <summary>A page of decisions: older than <see cref="Before"/>, optionally of one decision or action.</summary>
public sealed record DecisionQuery(Guid? Before = null, string? Decision = null, string? Action = null, int Limit = 100);
