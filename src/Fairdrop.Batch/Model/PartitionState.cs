namespace Fairdrop.Batch.Model;

/// <summary>One partition of a partitioned step, as stored.</summary>
public sealed record PartitionState(
    Guid Id,
    string StepName,
    string PartitionKey,
    BatchStatus Status,
    string? Owner,
    long Claims,
    StepCounts Counts,
    string? Checkpoint,
    string? ExitMessage);
