namespace Fairdrop.Batch.Model;

/// <summary>One step of a job execution: status, counts and the reader's last committed position.</summary>
public sealed record StepExecution(
    Guid Id,
    Guid ExecutionId,
    string StepName,
    BatchStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    StepCounts Counts,
    string? ExitMessage,
    string? Checkpoint);
