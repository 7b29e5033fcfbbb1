using Fairdrop.Batch.Model;
using Fairdrop.Batch.Repository;
using Fairdrop.Core.Errors;

namespace Fairdrop.Batch.Running;

/// <summary>
/// Starts, restarts and takes over job executions. Preparing takes the job instance's lease in the same
/// transaction that creates (or resumes) the execution, so at most one execution of an instance runs at a time.
/// </summary>
public sealed class JobLauncher
{
    private readonly BatchRuntime _runtime;
    private readonly JobExecutor _executor;

    internal JobLauncher(BatchRuntime runtime)
    {
        _runtime = runtime;
        _executor = new JobExecutor(runtime);
    }

    /// <summary>Prepares and runs to the end (or to a failure) in the caller's task.</summary>
    public async Task<Result<JobExecution>> RunAsync(string jobName, JobParameters parameters, bool rerun, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(jobName, parameters, rerun, cancellationToken);
        return prepared.TryGetValue(out var execution, out var error) ? await ExecuteAsync(execution, cancellationToken) : error;
    }

    /// <summary>
    /// A new execution, or: the failed last execution restarted from its checkpoint; the abandoned one (lease
    /// expired) taken over; the paused one resumed once due (refused with <c>batch_paused</c> before). A completed instance runs again only when <paramref name="rerun"/> is set.
    /// </summary>
    public Task<Result<PreparedExecution>> PrepareAsync(string jobName, JobParameters parameters, bool rerun, CancellationToken cancellationToken) =>
        PrepareAsync(jobName, parameters, rerun, expectedLatest: null, cancellationToken);

    /// <summary>Restarts a failed execution (or takes over an abandoned one) from its checkpoint.</summary>
    public async Task<Result<PreparedExecution>> PrepareRestartAsync(Guid executionId, CancellationToken cancellationToken)
    {
        await using var connection = await _runtime.Connections.OpenAsync(cancellationToken);
        var row = await JobRepository.GetRowAsync(connection, null, executionId, cancellationToken);
        if (row is null)
        {
            return BatchErrors.ExecutionNotFound(executionId);
        }

        if (row.State == BatchStatus.Completed)
        {
            return BatchErrors.NotRestartable(executionId, row.State);
        }

        return await PrepareAsync(row.JobName, JobParameters.FromJson(row.Parameters), rerun: false, expectedLatest: executionId, cancellationToken);
    }

    /// <summary>
    /// Makes the paused latest execution of the instance with these parameters due now, so the next start (or a
    /// worker) resumes it; false when that instance has no paused execution.
    /// </summary>
    public async Task<bool> WakeAsync(string jobName, JobParameters parameters, CancellationToken cancellationToken)
    {
        var job = _runtime.Jobs.Find(jobName);
        if (job is null)
        {
            return false;
        }

        await using var connection = await _runtime.Connections.OpenAsync(cancellationToken);
        return await JobRepository.WakeAsync(connection, job.Name, job.InstanceKey(parameters), _runtime.Now(), cancellationToken);
    }

    public Task<JobExecution> ExecuteAsync(PreparedExecution prepared, CancellationToken cancellationToken) =>
        _executor.ExecuteAsync(prepared, cancellationToken);

    private async Task<Result<PreparedExecution>> PrepareAsync(string jobName, JobParameters parameters, bool rerun, Guid? expectedLatest, CancellationToken cancellationToken)
    {
        var job = _runtime.Jobs.Find(jobName);
        if (job is null)
        {
            return BatchErrors.UnknownJob(jobName);
        }

        if (job.Validate(parameters) is { } invalid)
        {
            return invalid;
        }

        var connections = _runtime.Connections;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var json = parameters.ToJson();
        var instance = await _runtime.Repository.Instances.GetOrCreateAsync(connection, transaction, job.Name, job.InstanceKey(parameters), json, _runtime.Now(), cancellationToken);
        var owner = _runtime.NewOwner();
        if (!await InstanceStore.TryAcquireAsync(connection, transaction, instance.Id, owner, _runtime.Now(), _runtime.LeaseUntil(), cancellationToken))
        {
            return BatchErrors.AlreadyRunning(job.Name, ExecutionRow.Instant(instance.LeaseExpiresAt ?? 0));
        }

        var latest = await JobRepository.LatestAsync(connection, transaction, instance.Id, cancellationToken);
        if (expectedLatest is { } expected && latest?.Id != expected)
        {
            return Error.Of(ErrorKind.Conflict, BatchErrorCodes.NotRestartable, $"Execution {expected} is not the latest of its job instance; restart {latest?.Id} instead.");
        }

        Guid executionId;
        var takenOver = false;
        switch (latest?.State)
        {
            case BatchStatus.Completed when !rerun:
                return BatchErrors.AlreadyCompleted(job.Name, latest.Id);
            case null or BatchStatus.Completed:
                executionId = await _runtime.Repository.InsertExecutionAsync(connection, transaction, instance.Id, job.Name, json, null, cancellationToken);
                break;
            case BatchStatus.Paused when latest.ResumeAt is not { } at || at > _runtime.Now():
                return BatchErrors.Paused(job.Name, latest.ResumeAt is { } resume ? ExecutionRow.Instant(resume) : null);
            case BatchStatus.Paused:
                executionId = latest.Id;
                await JobRepository.ResumeAsync(connection, transaction, executionId, cancellationToken);
                break;
            case BatchStatus.Failed:
                executionId = await _runtime.Repository.InsertExecutionAsync(connection, transaction, instance.Id, job.Name, json, latest.Id, cancellationToken);
                break;
            default:
                executionId = latest.Id;
                takenOver = true;
                await JobRepository.MarkTakeoverAsync(connection, transaction, executionId, cancellationToken);
                break;
        }

        await write.CommitAsync(cancellationToken);
        return Result<PreparedExecution>.Success(new PreparedExecution(executionId, instance.Id, owner, job, parameters, takenOver));
    }
}
