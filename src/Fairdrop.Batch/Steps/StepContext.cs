using Fairdrop.Batch.Model;

namespace Fairdrop.Batch.Steps;

/// <summary>What a step's parts see: the execution, the job's parameters, the partition (if any) and the services.</summary>
public sealed record StepContext(
    Guid ExecutionId,
    string JobName,
    string StepName,
    JobParameters Parameters,
    PartitionSpec? Partition,
    IServiceProvider Services);
