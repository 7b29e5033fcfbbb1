using Fairdrop.Gate.Activity;
using Microsoft.Extensions.Hosting;

namespace Fairdrop.Gate.Hosting;

/// <summary>Evicts identities idle beyond the horizon from the memory store, once a minute.</summary>
internal sealed class ActivitySweeper(MemoryActivityStore store, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                store.Sweep(time.GetUtcNow().ToUnixTimeMilliseconds());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
