using Fairdrop.Exchange.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Dispatch;

/// <summary>Runs the dispatcher: batch after batch while there is work, then waits a poll interval.</summary>
internal sealed class DispatchWorker(DeliveryDispatcher dispatcher, TimeProvider time, IOptions<ExchangeOptions> options, ILogger<DispatchWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await dispatcher.DispatchOnceAsync(stoppingToken) == 0)
                {
                    await Task.Delay(options.Value.PollInterval, time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                Log.WorkerFailed(logger, "dispatch", exception);
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
        }
    }
}
