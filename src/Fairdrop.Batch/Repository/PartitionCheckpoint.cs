using Dapper;
using Fairdrop.Batch.Model;
using Fairdrop.Batch.Running;
using Fairdrop.Batch.Steps;

namespace Fairdrop.Batch.Repository;

/// <summary>A partition's checkpoint on its own row, fenced by the partition's lease.</summary>
internal sealed class PartitionCheckpoint(PartitionRow partition, string owner, Func<long> leaseUntil)
    : CheckpointTarget(partition.Checkpoint, partition.Counts, partition.PartitionKey)
{
    public override Task<bool> RenewAsync(ChunkTransaction transaction, CancellationToken cancellationToken) =>
        PartitionStore.RenewAsync(transaction.Connection, transaction.Transaction, partition.Id, owner, leaseUntil(), cancellationToken);

    public override async Task<bool> CommitAsync(ChunkTransaction transaction, string checkpoint, StepCounts delta, CancellationToken cancellationToken) =>
        await transaction.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE batch_partitions SET checkpoint = @checkpoint, lease_expires_at = @until, read_count = read_count + @Read, write_count = write_count + @Written,
                skip_count = skip_count + @Skipped, retry_count = retry_count + @Retried, commit_count = commit_count + @Committed
            WHERE id = @id AND owner = @owner AND status = 'started'
            """,
            new { id = partition.Id, owner, until = leaseUntil(), checkpoint, delta.Read, delta.Written, delta.Skipped, delta.Retried, delta.Committed },
            transaction.Transaction,
            cancellationToken: cancellationToken)) == 1;
}
