using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Drops;

/// <summary>Places each drop's pre-queue when its opening time comes, even if nobody is polling at that moment.</summary>
internal sealed partial class DropOpener(DropStore store, DropService drops, LateArrivalPlacer late, TimeProvider time, ILogger<DropOpener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var dropId in await store.DueAsync(time.GetUtcNow(), stoppingToken))
                {
                    if (await drops.EnsureOpenedAsync(dropId, stoppingToken))
                    {
                        LogOpened(logger, dropId);
                    }
                }

                foreach (var dropId in await store.RollingWithUnplacedAsync(stoppingToken))
                {
                    await late.PlaceClosedWindowsAsync(dropId, stoppingToken);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The next tick tries again; entering and polling also open a due drop themselves. Whatever went wrong
                // with one drop must not stop the host, and with it every other drop's opening.
                LogFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(EventId = DropsEventIds.DropOpened, Level = LogLevel.Information, Message = "Drop {DropId} opened: pre-queue placed")]
    private static partial void LogOpened(ILogger logger, Guid dropId);

    [LoggerMessage(EventId = DropsEventIds.OpeningFailed, Level = LogLevel.Warning, Message = "Opening due drops failed; retrying on the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
