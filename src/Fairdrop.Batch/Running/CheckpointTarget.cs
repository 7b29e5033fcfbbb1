using Fairdrop.Batch.Model;
using Fairdrop.Batch.Steps;

namespace Fairdrop.Batch.Running;

/// <summary>
/// Where a chunk commits its checkpoint and counts, fenced by the lease that guards it: the step execution
/// (under the job instance's lease) or a partition (under its own lease).
/// </summary>
internal abstract class CheckpointTarget(string? checkpoint, StepCounts counts, string? partitionKey)
{
    public string? Checkpoint { get; } = checkpoint;

    /// <summary>Counts committed before this run started (earlier runs of the same step or partition).</summary>
    public StepCounts StartCounts { get; } = counts;

    public string? PartitionKey { get; } = partitionKey;

    /// <summary>Inside the chunk's transaction: renews the lease and stores checkpoint and counts; false when the lease is gone.</summary>
    /// <summary>Inside a transaction of the step's own: renews the lease; false when it is gone.</summary>
    public abstract Task<bool> RenewAsync(ChunkTransaction transaction, CancellationToken cancellationToken);

    public abstract Task<bool> CommitAsync(ChunkTransaction transaction, string checkpoint, StepCounts delta, CancellationToken cancellationToken);
}
