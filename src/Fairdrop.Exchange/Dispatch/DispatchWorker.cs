using Fairdrop.Exchange.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Dispatch;

/// <summary>
/// Runs <see cref="ExchangeOptions.DispatchLoops"/> dispatch loops side by side: each claims batch after batch while
/// there is work, then waits a poll interval. Claims never overlap, so the loops never send a delivery twice.
/// </summary>
internal sealed class DispatchWorker(DeliveryDispatcher dispatcher, TimeProvider time, IOptions<ExchangeOptions> options, ILogger<DispatchWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.DispatchLoops).Select(_ => Task.Run(() => LoopAsync(stoppingToken), CancellationToken.None)));

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        using var attached = dispatcher.AttachLoop();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await dispatcher.DispatchOnceAsync(stoppingToken) == 0)
                {
                    // Rows due later are found by polling; alerts handed over by a restock wave go out at once.
                    await Task.WhenAny(Task.Delay(options.Value.PollInterval, time, stoppingToken), dispatcher.Handed());
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
