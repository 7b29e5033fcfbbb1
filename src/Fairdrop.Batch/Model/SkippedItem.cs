namespace Fairdrop.Batch.Model;

/// <summary>An item a step skipped, with the phase (process or write) and the reason.</summary>
public sealed record SkippedItem(Guid Id, Guid ExecutionId, string StepName, string? PartitionKey, string Item, string Phase, string Reason, DateTimeOffset SkippedAt);
