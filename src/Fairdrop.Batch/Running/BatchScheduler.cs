using System.Globalization;
using Fairdrop.Batch.Definition;
using Fairdrop.Batch.Model;
using Fairdrop.Batch.Telemetry;
using Microsoft.Extensions.Hosting;

namespace Fairdrop.Batch.Running;

/// <summary>
/// Starts scheduled jobs when due. Each due time is its own job instance (parameter <c>scheduled_at</c>), so when
/// several nodes run the scheduler the instance's lease and completed status make each occurrence run once.
/// </summary>
internal sealed class BatchScheduler(BatchRuntime runtime, JobLauncher launcher) : BackgroundService
{
    public const string ScheduledAt = "scheduled_at";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(runtime.Jobs.All.Where(j => j.Schedule is not null).Select(job => LoopAsync(job, stoppingToken)));

    private async Task LoopAsync(JobDefinition job, CancellationToken cancellationToken)
    {
        var after = runtime.Time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested && job.Schedule!.NextAfter(after) is { } due)
        {
            var wait = due - runtime.Time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, runtime.Time, cancellationToken);
            }

            await RunDueAsync(job, due, cancellationToken);
            after = due;
        }
    }

    /// <summary>Runs the occurrence due at <paramref name="due"/> unless another node already has.</summary>
    public async Task<JobExecution?> RunDueAsync(JobDefinition job, DateTimeOffset due, CancellationToken cancellationToken)
    {
        var parameters = JobParameters.Empty.With(ScheduledAt, due.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        var prepared = await launcher.PrepareAsync(job.Name, parameters, rerun: false, cancellationToken);
        if (!prepared.TryGetValue(out var execution, out var error))
        {
            Log.ScheduleSkipped(runtime.Logger, job.Name, error.Message);
            return null;
        }

        return await launcher.ExecuteAsync(execution, cancellationToken);
    }
}
