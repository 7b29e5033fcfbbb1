using Fairdrop.Batch.Running;

namespace Fairdrop.Batch.Steps;

/// <summary>
/// The lease a step runs under (the job instance's, or its partition's), for writes a step makes outside its chunks
/// (a reader that opens work before reading it): <see cref="HoldAsync"/> inside such a transaction renews the lease and
/// fails when another node owns it, as every chunk commit does.
/// </summary>
public sealed class StepFence
{
    private readonly CheckpointTarget _target;

    internal StepFence(CheckpointTarget target) => _target = target;

    /// <summary>Renews the lease inside <paramref name="transaction"/>; throws when it was lost, so nothing of the transaction commits.</summary>
    public async Task HoldAsync(ChunkTransaction transaction, CancellationToken cancellationToken)
    {
        if (!await _target.RenewAsync(transaction, cancellationToken))
        {
            throw new LeaseLostException(_target.PartitionKey is { } key ? $"partition {key}" : "the step's execution");
        }
    }
}
