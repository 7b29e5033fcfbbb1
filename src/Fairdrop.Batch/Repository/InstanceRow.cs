namespace Fairdrop.Batch.Repository;

/// <summary>A row of <c>batch_job_instances</c>: the job's identity and its lease.</summary>
internal sealed record InstanceRow(Guid Id, string JobName, string JobKey, string? LeaseOwner, long? LeaseExpiresAt);
