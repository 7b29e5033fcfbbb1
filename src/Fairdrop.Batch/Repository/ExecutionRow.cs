using Fairdrop.Batch.Model;

namespace Fairdrop.Batch.Repository;

/// <summary>A row of <c>batch_job_executions</c>.</summary>
internal sealed record ExecutionRow(
    Guid Id, Guid InstanceId, string JobName, string Parameters, string Status, long CreatedAt, long? StartedAt, long? EndedAt, string? ExitMessage, Guid? RestartOf, long Takeovers, long? ResumeAt)
{
    public const string Columns =
        "id AS Id, instance_id AS InstanceId, job_name AS JobName, parameters AS Parameters, status AS Status, created_at AS CreatedAt, started_at AS StartedAt, ended_at AS EndedAt, exit_message AS ExitMessage, restart_of AS RestartOf, takeovers AS Takeovers, resume_at AS ResumeAt";

    public BatchStatus State => BatchStatusText.Parse(Status);

    public JobExecution ToModel(IReadOnlyList<StepExecution> steps) => new(
        Id, InstanceId, JobName, JobParameters.FromJson(Parameters), State, Instant(CreatedAt), Instant(StartedAt), Instant(EndedAt), ExitMessage, RestartOf, Takeovers, steps) { ResumeAt = Instant(ResumeAt) };

    internal static DateTimeOffset Instant(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    internal static DateTimeOffset? Instant(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
}
