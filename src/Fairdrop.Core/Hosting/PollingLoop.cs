namespace Fairdrop.Core.Hosting;

/// <summary>
/// The loop of a polling worker: a pass, then a wait of one interval on the injected clock, until the host stops it.
/// A failed pass is reported and retried after the interval (the database may be back by then); stopping is not a failure.
/// </summary>
public static class PollingLoop
{
    public static async Task RunAsync(Func<CancellationToken, Task> pass, Func<TimeSpan> interval, TimeProvider time, Action<Exception> failed, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await pass(stoppingToken);
                await Task.Delay(interval(), time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failed(exception);
                await Task.Delay(interval(), time, stoppingToken);
            }
        }
    }
}
