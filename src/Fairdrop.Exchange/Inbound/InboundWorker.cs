using Fairdrop.Exchange.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Inbound;

/// <summary>
/// Handles waiting inbound messages as soon as the webhook signals one, and every poll interval for those stored by
/// another node or before a restart. Under load the messages that arrive during a pass make the next batch.
/// </summary>
internal sealed class InboundWorker(InboundBatches batches, InboundQueue queue, IOptions<ExchangeOptions> options, TimeProvider time, ILogger<InboundWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!queue.HasHandlers)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await batches.HandleAllAsync(stoppingToken);
                await queue.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                Log.InboundPassFailed(logger, exception);
                await Task.Delay(options.Value.PollInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
