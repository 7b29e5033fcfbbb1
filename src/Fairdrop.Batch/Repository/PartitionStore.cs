using System.Data.Common;
using Dapper;
using Fairdrop.Batch.Model;
using Fairdrop.Batch.Steps;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;

namespace Fairdrop.Batch.Repository;

/// <summary>Partitions of partitioned steps: created once per job instance, claimed with <c>FOR UPDATE SKIP LOCKED</c> under a lease.</summary>
internal sealed class PartitionStore(DbConnectionFactory connections, IdGenerator ids)
{
    private const string RenewSql = "UPDATE batch_partitions SET lease_expires_at = @until WHERE id = @id AND owner = @owner AND status = 'started'";

    /// <summary>Creates the step's partitions on first run; on a restart, points them at the new execution and reopens failed ones.</summary>
    public async Task EnsureAsync(Guid instanceId, Guid executionId, string jobName, string stepName, IReadOnlyList<PartitionSpec> specs, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var existing = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM batch_partitions WHERE instance_id = @instanceId AND step_name = @stepName",
            new { instanceId, stepName },
            transaction,
            cancellationToken: cancellationToken));
        if (existing == 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO batch_partitions (id, instance_id, execution_id, job_name, step_name, partition_key, seq, parameters, status)
                VALUES (@Id, @instanceId, @executionId, @jobName, @stepName, @Key, @Seq, @Parameters, 'pending')
                """,
                specs.Select((s, i) => new { Id = ids.NewId(), instanceId, executionId, jobName, stepName, s.Key, Seq = (long)i, Parameters = s.Parameters.ToJson() }),
                transaction,
                cancellationToken: cancellationToken));
        }
        else
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE batch_partitions SET execution_id = @executionId, status = CASE WHEN status = 'failed' THEN 'pending' ELSE status END
                WHERE instance_id = @instanceId AND step_name = @stepName
                """,
                new { instanceId, executionId, stepName },
                transaction,
                cancellationToken: cancellationToken));
        }

        await write.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Claims one pending partition, or one whose owner's lease expired, of a running execution. Other nodes
    /// skip the row this transaction has locked, so no partition is ever claimed twice at once.
    /// </summary>
    public async Task<PartitionRow?> ClaimAsync(PartitionFilter filter, string owner, long now, long until, CancellationToken cancellationToken)
    {
        var dialect = connections.Dialect;
        var parameters = new DynamicParameters(new { now, filter.InstanceId, filter.StepName });
        var scope = filter.InstanceId is null ? "AND " + SqlList.In("job_name", filter.Jobs, parameters, "job") : "AND instance_id = @InstanceId AND step_name = @StepName";
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var id = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            $"""
            SELECT id FROM batch_partitions
            WHERE (status = 'pending' OR (status = 'started' AND lease_expires_at < @now)) {scope}
              AND execution_id IN (SELECT id FROM batch_job_executions WHERE status = 'started')
            ORDER BY seq LIMIT 1 {dialect.ForUpdateSkipLocked}
            """,
            parameters,
            transaction,
            cancellationToken: cancellationToken));
        if (id is null)
        {
            return null;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE batch_partitions SET status = 'started', owner = @owner, lease_expires_at = @until, claims = claims + 1 WHERE id = @id",
            new { id, owner, until },
            transaction,
            cancellationToken: cancellationToken));
        var row = await connection.QuerySingleAsync<PartitionRow>(new CommandDefinition(
            $"SELECT {PartitionRow.Columns} FROM batch_partitions WHERE id = @id",
            new { id },
            transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return row;
    }

    public static Task<bool> RenewAsync(DbConnection connection, DbTransaction? transaction, Guid id, string owner, long until, CancellationToken cancellationToken) =>
        LeaseUpdate.OneRowAsync(connection, transaction, RenewSql, new { id, owner, until }, cancellationToken);

    public Task<bool> RenewAsync(Guid id, string owner, long until, CancellationToken cancellationToken) =>
        LeaseUpdate.OneRowAsync(connections, RenewSql, new { id, owner, until }, cancellationToken);

    public async Task EndAsync(Guid id, string owner, BatchStatus status, string? message, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE batch_partitions SET status = @status, exit_message = @message, lease_expires_at = NULL WHERE id = @id AND owner = @owner",
            new { id, owner, status = status.ToText(), message },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<PartitionRow>> ListAsync(Guid instanceId, string stepName, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PartitionRow>(new CommandDefinition(
            $"SELECT {PartitionRow.Columns} FROM batch_partitions WHERE instance_id = @instanceId AND step_name = @stepName ORDER BY seq",
            new { instanceId, stepName },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
