using Fairdrop.Batch.Repository;
using Fairdrop.Batch.Telemetry;
using Microsoft.Extensions.Hosting;

namespace Fairdrop.Batch.Running;

/// <summary>
/// A node's batch worker: takes over executions whose node died (lease expired) and claims partitions of
/// running partitioned steps, for the jobs this process knows. Runs in <c>serve</c> and <c>fairdrop batch worker</c>.
/// </summary>
internal sealed class BatchWorker(BatchRuntime runtime, JobLauncher launcher) : BackgroundService
{
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
                Log.WorkerFailed(runtime.Logger, exception);
            }

            if (!worked)
            {
                await Task.Delay(runtime.Options.PollInterval, runtime.Time, stoppingToken);
            }
        }
    }

    /// <summary>One pass: resume abandoned executions and paused ones now due, then drain claimable partitions. True when it did any work.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var jobs = runtime.Jobs.All.Select(j => j.Name).ToList();
        if (jobs.Count == 0)
        {
            return false;
        }

        var worked = false;
        var abandoned = await runtime.Repository.Instances.FindAbandonedAsync(jobs, runtime.Now(), cancellationToken);
        var due = await runtime.Repository.DuePausedAsync(jobs, runtime.Now(), cancellationToken);
        foreach (var executionId in abandoned.Concat(due))
        {
            var prepared = await launcher.PrepareRestartAsync(executionId, cancellationToken);
            if (prepared.IsSuccess)
            {
                await launcher.ExecuteAsync(prepared.Value!, cancellationToken);
                worked = true;
            }
        }

        return await runtime.Partitions.DrainAsync(PartitionFilter.ForJobs(jobs), cancellationToken) > 0 || worked;
    }
}
