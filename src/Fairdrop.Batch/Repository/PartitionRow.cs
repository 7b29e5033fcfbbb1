using Fairdrop.Batch.Model;

namespace Fairdrop.Batch.Repository;

/// <summary>A row of <c>batch_partitions</c>.</summary>
internal sealed record PartitionRow(
    Guid Id, Guid InstanceId, Guid ExecutionId, string JobName, string StepName, string PartitionKey, string Parameters, string Status, string? Owner, long Claims,
    long ReadCount, long WriteCount, long SkipCount, long RetryCount, long CommitCount, string? ExitMessage, string? Checkpoint)
{
    public const string Columns =
        "id AS Id, instance_id AS InstanceId, execution_id AS ExecutionId, job_name AS JobName, step_name AS StepName, partition_key AS PartitionKey, parameters AS Parameters, status AS Status, owner AS Owner, claims AS Claims, read_count AS ReadCount, write_count AS WriteCount, skip_count AS SkipCount, retry_count AS RetryCount, commit_count AS CommitCount, exit_message AS ExitMessage, checkpoint AS Checkpoint";

    public StepCounts Counts => new(ReadCount, WriteCount, SkipCount, RetryCount, CommitCount);

    public PartitionState ToModel() => new(Id, StepName, PartitionKey, BatchStatusText.Parse(Status), Owner, Claims, Counts, Checkpoint, ExitMessage);
}
