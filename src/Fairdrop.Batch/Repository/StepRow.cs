using Fairdrop.Batch.Model;

namespace Fairdrop.Batch.Repository;

/// <summary>A row of <c>batch_step_executions</c>.</summary>
internal sealed record StepRow(
    Guid Id, Guid ExecutionId, string StepName, long StepIndex, string Status, long StartedAt, long? EndedAt,
    long ReadCount, long WriteCount, long SkipCount, long RetryCount, long CommitCount, string? ExitMessage, string? Checkpoint)
{
    public const string Columns =
        "id AS Id, execution_id AS ExecutionId, step_name AS StepName, step_index AS StepIndex, status AS Status, started_at AS StartedAt, ended_at AS EndedAt, read_count AS ReadCount, write_count AS WriteCount, skip_count AS SkipCount, retry_count AS RetryCount, commit_count AS CommitCount, exit_message AS ExitMessage, checkpoint AS Checkpoint";

    public StepCounts Counts => new(ReadCount, WriteCount, SkipCount, RetryCount, CommitCount);

    public StepExecution ToModel() => new(
        Id, ExecutionId, StepName, BatchStatusText.Parse(Status), ExecutionRow.Instant(StartedAt), ExecutionRow.Instant(EndedAt), Counts, ExitMessage, Checkpoint);
}
