namespace Fairdrop.Batch.Model;

/// <summary>One run of a job instance, with its steps' counts.</summary>
public sealed record JobExecution(
    Guid Id,
    Guid InstanceId,
    string JobName,
    JobParameters Parameters,
    BatchStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    string? ExitMessage,
    Guid? RestartOf,
    long Takeovers,
    IReadOnlyList<StepExecution> Steps)
{
    /// <summary>When a paused execution resumes by itself; null when it is not paused or waits to be woken.</summary>
    public DateTimeOffset? ResumeAt { get; init; }

    /// <summary>The sum of the steps' counts.</summary>
    public StepCounts Counts => Steps.Aggregate(default(StepCounts), (sum, step) => sum + step.Counts);
}
