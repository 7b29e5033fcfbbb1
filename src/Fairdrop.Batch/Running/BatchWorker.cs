using Fairdrop.Batch.Repository;
using Fairdrop.Batch.Telemetry;
using Microsoft.Extensions.Hosting;

namespace Fairdrop.Batch.Running;

/// <summary>
/// A node's batch worker: takes over executions whose node died (lease expired) and claims partitions of
/// running partitioned steps, for the jobs this process knows. Runs in <c>serve</c> and <c>fairdrop batch worker</c>.
/// </summary>
public sealed class BatchWorker : BackgroundService
{
    private readonly BatchRuntime _runtime;
    private readonly JobLauncher _launcher;

    internal BatchWorker(BatchRuntime runtime, JobLauncher launcher)
    {
        _runtime = runtime;
        _launcher = launcher;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var worked = false;
            try
            {
                worked = await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.WorkerFailed(_runtime.Logger, exception);
            }

            if (!worked)
            {
                await Task.Delay(_runtime.Options.PollInterval, _runtime.Time, stoppingToken);
            }
        }
    }

    /// <summary>One pass: resume abandoned executions and paused ones now due, then drain claimable partitions. True when it did any work.</summary>
    internal async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var jobs = _runtime.Jobs.All.Select(j => j.Name).ToList();
        if (jobs.Count == 0)
        {
            return false;
        }

        var worked = false;
        var abandoned = await _runtime.Repository.Instances.FindAbandonedAsync(jobs, _runtime.Now(), cancellationToken);
        var due = await _runtime.Repository.DuePausedAsync(jobs, _runtime.Now(), cancellationToken);
        foreach (var executionId in abandoned.Concat(due))
        {
            var prepared = await _launcher.PrepareRestartAsync(executionId, cancellationToken);
            if (prepared.TryGetValue(out var execution, out _))
            {
                await _launcher.ExecuteAsync(execution, cancellationToken);
                worked = true;
            }
        }

        return await _runtime.Partitions.DrainAsync(PartitionFilter.ForJobs(jobs), cancellationToken) > 0 || worked;
    }
}
