using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Profiles.Rotations;

/// <summary>Polls for due rotations every <see cref="ProfilesOptions.PollInterval"/>; one owner name per process, for its leases.</summary>
internal sealed class RotationWorker(RotationRunner runner, TimeProvider time, IOptions<ProfilesOptions> options, ILogger<RotationWorker> logger) : BackgroundService
{
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await runner.RunDueAsync(_owner, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // A broken database or a bug: the claimed rotation keeps its lease until it expires, then any worker retries it.
                ProfilesLog.WorkerFailed(logger, e);
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
