using Dapper;
using Fairdrop.Batch.Model;
using Fairdrop.Batch.Running;
using Fairdrop.Batch.Steps;

namespace Fairdrop.Batch.Repository;

/// <summary>A chunk step's checkpoint on its step execution row, fenced by the job instance's lease.</summary>
internal sealed class StepCheckpoint(StepRow step, Guid instanceId, string owner, Func<long> leaseUntil)
    : CheckpointTarget(step.Checkpoint, step.Counts, null)
{
    public override Task<bool> RenewAsync(ChunkTransaction transaction, CancellationToken cancellationToken) =>
        InstanceStore.RenewAsync(transaction.Connection, transaction.Transaction, instanceId, owner, leaseUntil(), cancellationToken);

    public override async Task<bool> CommitAsync(ChunkTransaction transaction, string checkpoint, StepCounts delta, CancellationToken cancellationToken)
    {
        // Renewing first locks the instance row, so a node taking the lease over waits for this commit and then sees it.
        if (!await InstanceStore.RenewAsync(transaction.Connection, transaction.Transaction, instanceId, owner, leaseUntil(), cancellationToken))
        {
            return false;
        }

        await transaction.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE batch_step_executions SET checkpoint = @checkpoint, read_count = read_count + @Read, write_count = write_count + @Written,
                skip_count = skip_count + @Skipped, retry_count = retry_count + @Retried, commit_count = commit_count + @Committed
            WHERE id = @id
            """,
            new { id = step.Id, checkpoint, delta.Read, delta.Written, delta.Skipped, delta.Retried, delta.Committed },
            transaction.Transaction,
            cancellationToken: cancellationToken));
        return true;
    }
}
