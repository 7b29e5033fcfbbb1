using System.Data.Common;
using Dapper;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;

namespace Fairdrop.Batch.Repository;

/// <summary>Job instances and their leases: one owner at a time, renewed by heartbeat, free once expired.</summary>
internal sealed class InstanceStore(DbConnectionFactory connections, IdGenerator ids)
{
    private const string RenewSql = "UPDATE batch_job_instances SET lease_expires_at = @until WHERE id = @instanceId AND lease_owner = @owner";

    public async Task<InstanceRow> GetOrCreateAsync(DbConnection connection, DbTransaction transaction, string jobName, string key, string parameters, long now, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO batch_job_instances (id, job_name, job_key, parameters, created_at)
            VALUES (@id, @jobName, @key, @parameters, @now)
            ON CONFLICT (job_name, job_key) DO NOTHING
            """,
            new { id = ids.NewId(), jobName, key, parameters, now },
            transaction,
            cancellationToken: cancellationToken));
        return await connection.QuerySingleAsync<InstanceRow>(new CommandDefinition(
            "SELECT id AS Id, job_name AS JobName, job_key AS JobKey, lease_owner AS LeaseOwner, lease_expires_at AS LeaseExpiresAt FROM batch_job_instances WHERE job_name = @jobName AND job_key = @key",
            new { jobName, key },
            transaction,
            cancellationToken: cancellationToken));
    }

    /// <summary>Takes the lease if it is free or expired; the conditional UPDATE is atomic on both databases.</summary>
    public static async Task<bool> TryAcquireAsync(DbConnection connection, DbTransaction transaction, Guid instanceId, string owner, long now, long until, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE batch_job_instances SET lease_owner = @owner, lease_expires_at = @until
            WHERE id = @instanceId AND (lease_owner IS NULL OR lease_expires_at < @now)
            """,
            new { instanceId, owner, now, until },
            transaction,
            cancellationToken: cancellationToken)) == 1;

    /// <summary>Extends the lease; false when this owner no longer holds it. Inside a chunk this also fences the commit.</summary>
    public static Task<bool> RenewAsync(DbConnection connection, DbTransaction? transaction, Guid instanceId, string owner, long until, CancellationToken cancellationToken) =>
        LeaseUpdate.OneRowAsync(connection, transaction, RenewSql, new { instanceId, owner, until }, cancellationToken);

    public Task<bool> RenewAsync(Guid instanceId, string owner, long until, CancellationToken cancellationToken) =>
        LeaseUpdate.OneRowAsync(connections, RenewSql, new { instanceId, owner, until }, cancellationToken);

    public static Task ReleaseAsync(DbConnection connection, DbTransaction transaction, Guid instanceId, string owner, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE batch_job_instances SET lease_owner = NULL, lease_expires_at = NULL WHERE id = @instanceId AND lease_owner = @owner",
            new { instanceId, owner },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>Instances of the given jobs whose latest execution is still started while nobody holds a live lease: a dead node's work.</summary>
    public async Task<IReadOnlyList<Guid>> FindAbandonedAsync(IReadOnlyCollection<string> jobs, long now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var parameters = new DynamicParameters(new { now });
        var rows = await connection.QueryAsync<Guid>(new CommandDefinition(
            $"""
            SELECT DISTINCT e.id FROM batch_job_executions e
            JOIN batch_job_instances i ON i.id = e.instance_id
            WHERE e.status = 'started' AND {SqlList.In("e.job_name", jobs, parameters, "job")} AND (i.lease_owner IS NULL OR i.lease_expires_at < @now)
            """,
            parameters,
            cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
