using System.Data.Common;
using Dapper;
using Fairdrop.Batch.Model;
using Fairdrop.Batch.Running;
using Fairdrop.Batch.Steps;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;

namespace Fairdrop.Batch.Repository;

/// <summary>The job repository: executions, step executions with counts and checkpoints, and skipped items.</summary>
public sealed class JobRepository
{
    private readonly DbConnectionFactory _connections;
    private readonly IdGenerator _ids;
    private readonly TimeProvider _time;

    internal JobRepository(DbConnectionFactory connections, IdGenerator ids, TimeProvider time)
    {
        _connections = connections;
        _ids = ids;
        _time = time;
        Instances = new InstanceStore(connections, ids);
    }

    internal InstanceStore Instances { get; }

    public async Task<JobExecution?> GetAsync(Guid executionId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var row = await GetRowAsync(connection, null, executionId, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var steps = await connection.QueryAsync<StepRow>(new CommandDefinition(
            $"SELECT {StepRow.Columns} FROM batch_step_executions WHERE execution_id = @executionId ORDER BY step_index",
            new { executionId },
            cancellationToken: cancellationToken));
        return row.ToModel(steps.Select(s => s.ToModel()).ToList());
    }

    /// <summary>Executions newest first, after <paramref name="before"/> (keyset on the time-ordered id).</summary>
    public async Task<IReadOnlyList<JobExecution>> ListAsync(Guid? before, int limit, string? jobName, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var where = new List<string>();
        if (before is not null)
        {
            where.Add("id < @before");
        }

        if (jobName is not null)
        {
            where.Add("job_name = @jobName");
        }

        var filter = where.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", where);
        var rows = (await connection.QueryAsync<ExecutionRow>(new CommandDefinition(
            $"SELECT {ExecutionRow.Columns} FROM batch_job_executions {filter} ORDER BY id DESC LIMIT @limit",
            new { before, jobName, limit },
            cancellationToken: cancellationToken))).AsList();
        if (rows.Count == 0)
        {
            return [];
        }

        // A sub-select rather than a list of ids: the page's ids stay typed the way each database stores them.
        var steps = (await connection.QueryAsync<StepRow>(new CommandDefinition(
            $"SELECT {StepRow.Columns} FROM batch_step_executions WHERE execution_id IN (SELECT id FROM batch_job_executions {filter} ORDER BY id DESC LIMIT @limit) ORDER BY step_index",
            new { before, jobName, limit },
            cancellationToken: cancellationToken))).ToLookup(s => s.ExecutionId);
        return rows.Select(r => r.ToModel(steps[r.Id].Select(s => s.ToModel()).ToList())).ToList();
    }

    public async Task<IReadOnlyList<SkippedItem>> SkippedAsync(Guid executionId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid Id, string Step, string? Partition, string Item, string Phase, string Reason, long At)>(new CommandDefinition(
            "SELECT id, step_name, partition_key, item, phase, reason, skipped_at FROM batch_skipped_items WHERE execution_id = @executionId ORDER BY id",
            new { executionId },
            cancellationToken: cancellationToken));
        return rows.Select(r => new SkippedItem(r.Id, executionId, r.Step, r.Partition, r.Item, r.Phase, r.Reason, ExecutionRow.Instant(r.At))).ToList();
    }

    internal static Task<ExecutionRow?> GetRowAsync(DbConnection connection, DbTransaction? transaction, Guid executionId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<ExecutionRow>(new CommandDefinition(
            $"SELECT {ExecutionRow.Columns} FROM batch_job_executions WHERE id = @executionId",
            new { executionId },
            transaction,
            cancellationToken: cancellationToken));

    internal static Task<ExecutionRow?> LatestAsync(DbConnection connection, DbTransaction transaction, Guid instanceId, CancellationToken cancellationToken) =>
        connection.QueryFirstOrDefaultAsync<ExecutionRow>(new CommandDefinition(
            $"SELECT {ExecutionRow.Columns} FROM batch_job_executions WHERE instance_id = @instanceId ORDER BY seq DESC LIMIT 1",
            new { instanceId },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>A new started execution; on a restart it inherits the previous execution's steps, checkpoints and counts.</summary>
    internal async Task<Guid> InsertExecutionAsync(DbConnection connection, DbTransaction transaction, Guid instanceId, string jobName, string parameters, Guid? restartOf, CancellationToken cancellationToken)
    {
        var id = _ids.NewId();
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO batch_job_executions (id, instance_id, seq, job_name, parameters, status, created_at, started_at, restart_of)
            VALUES (@id, @instanceId, (SELECT COALESCE(MAX(seq), 0) + 1 FROM batch_job_executions WHERE instance_id = @instanceId), @jobName, @parameters, 'started', @now, @now, @restartOf)
            """,
            new { id, instanceId, jobName, parameters, now, restartOf },
            transaction,
            cancellationToken: cancellationToken));
        if (restartOf is { } previous)
        {
            var steps = await connection.QueryAsync<StepRow>(new CommandDefinition(
                $"SELECT {StepRow.Columns} FROM batch_step_executions WHERE execution_id = @previous",
                new { previous },
                transaction,
                cancellationToken: cancellationToken));
            foreach (var step in steps)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO batch_step_executions (id, execution_id, step_name, step_index, status, started_at, ended_at, read_count, write_count, skip_count, retry_count, commit_count, checkpoint)
                    VALUES (@Id, @ExecutionId, @StepName, @StepIndex, @Status, @StartedAt, @EndedAt, @ReadCount, @WriteCount, @SkipCount, @RetryCount, @CommitCount, @Checkpoint)
                    """,
                    step with { Id = _ids.NewId(), ExecutionId = id, Status = step.Status == BatchStatusText.Completed ? step.Status : BatchStatusText.Pending, StartedAt = now },
                    transaction,
                    cancellationToken: cancellationToken));
            }
        }

        return id;
    }

    /// <summary>Makes the paused latest execution of an instance due at <paramref name="now"/>; false when there is none.</summary>
    internal static async Task<bool> WakeAsync(DbConnection connection, string jobName, string jobKey, long now, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE batch_job_executions SET resume_at = @now
            WHERE status = 'paused' AND instance_id = (SELECT id FROM batch_job_instances WHERE job_name = @jobName AND job_key = @jobKey)
            """,
            new { jobName, jobKey, now },
            cancellationToken: cancellationToken)) > 0;

    /// <summary>Paused executions of the given jobs that are due to resume.</summary>
    internal async Task<IReadOnlyList<Guid>> DuePausedAsync(IReadOnlyCollection<string> jobs, long now, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var parameters = new DynamicParameters(new { now });
        var rows = await connection.QueryAsync<Guid>(new CommandDefinition(
            $"SELECT id FROM batch_job_executions WHERE status = 'paused' AND resume_at <= @now AND {SqlList.In("job_name", jobs, parameters, "job")} ORDER BY resume_at",
            parameters,
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>A paused execution running again: started, as it was before its pause.</summary>
    internal static Task ResumeAsync(DbConnection connection, DbTransaction transaction, Guid executionId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE batch_job_executions SET status = 'started', resume_at = NULL, ended_at = NULL, exit_message = NULL WHERE id = @executionId",
            new { executionId },
            transaction,
            cancellationToken: cancellationToken));

    internal static Task MarkTakeoverAsync(DbConnection connection, DbTransaction transaction, Guid executionId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE batch_job_executions SET takeovers = takeovers + 1 WHERE id = @executionId",
            new { executionId },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>The step's row in this execution, created when missing and marked started unless it already completed.</summary>
    internal async Task<StepRow> StartStepAsync(Guid executionId, string stepName, long stepIndex, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var write = await _connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO batch_step_executions (id, execution_id, step_name, step_index, status, started_at) VALUES (@id, @executionId, @stepName, @stepIndex, 'started', @now)
            ON CONFLICT (execution_id, step_name) DO UPDATE SET status = CASE WHEN batch_step_executions.status = 'completed' THEN 'completed' ELSE 'started' END, ended_at = NULL, exit_message = NULL
            """,
            new { id = _ids.NewId(), executionId, stepName, stepIndex, now },
            transaction,
            cancellationToken: cancellationToken));
        var row = await connection.QuerySingleAsync<StepRow>(new CommandDefinition(
            $"SELECT {StepRow.Columns} FROM batch_step_executions WHERE execution_id = @executionId AND step_name = @stepName",
            new { executionId, stepName },
            transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return row;
    }

    internal async Task EndStepAsync(Guid stepId, BatchStatus status, string? message, StepCounts? total, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var totals = total is { } t
            ? ", read_count = @Read, write_count = @Written, skip_count = @Skipped, retry_count = @Retried, commit_count = @Committed"
            : string.Empty;
        var counts = total ?? default;
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE batch_step_executions SET status = @status, ended_at = @now, exit_message = @message{totals} WHERE id = @stepId",
            new { stepId, status = status.ToText(), now = _time.GetUtcNow().ToUnixTimeMilliseconds(), message, counts.Read, counts.Written, counts.Skipped, counts.Retried, counts.Committed },
            cancellationToken: cancellationToken));
    }

    /// <summary>Ends the execution and releases the lease in one transaction, only while this owner still holds it.</summary>
    internal async Task<bool> FinishAsync(Guid executionId, Guid instanceId, string owner, BatchStatus status, string? message, DateTimeOffset? resumeAt, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var write = await _connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        if (!await InstanceStore.RenewAsync(connection, transaction, instanceId, owner, 0, cancellationToken))
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE batch_job_executions SET status = @status, ended_at = @now, exit_message = @message, resume_at = @resume WHERE id = @executionId",
            new { executionId, status = status.ToText(), now = _time.GetUtcNow().ToUnixTimeMilliseconds(), message, resume = resumeAt?.ToUnixTimeMilliseconds() },
            transaction,
            cancellationToken: cancellationToken));
        await InstanceStore.ReleaseAsync(connection, transaction, instanceId, owner, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return true;
    }

    internal async Task RecordSkipsAsync(ChunkTransaction tx, StepContext context, IReadOnlyList<SkipRecord> skips, CancellationToken cancellationToken)
    {
        if (skips.Count == 0)
        {
            return;
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await tx.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO batch_skipped_items (id, execution_id, step_name, partition_key, item, phase, reason, skipped_at)
            VALUES (@Id, @ExecutionId, @StepName, @PartitionKey, @Item, @Phase, @Reason, @Now)
            """,
            skips.Select(s => new { Id = _ids.NewId(), context.ExecutionId, context.StepName, PartitionKey = context.Partition?.Key, s.Item, s.Phase, s.Reason, Now = now }),
            tx.Transaction,
            cancellationToken: cancellationToken));
    }
}
