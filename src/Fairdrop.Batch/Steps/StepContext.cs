using Fairdrop.Batch.Model;

namespace Fairdrop.Batch.Steps;

/// <summary>What a step's parts see: the execution, the job's parameters, the partition (if any) and the services.</summary>
public sealed record StepContext(
    Guid ExecutionId,
    string JobName,
    string StepName,
    JobParameters Parameters,
    PartitionSpec? Partition,
    IServiceProvider Services)
{
    /// <summary>The lease this run holds, for writes outside its chunks; null outside a running step.</summary>
    public StepFence? Fence { get; init; }
}
