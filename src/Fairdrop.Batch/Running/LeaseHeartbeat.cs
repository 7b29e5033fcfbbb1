namespace Fairdrop.Batch.Running;

/// <summary>
/// Renews a lease every heartbeat interval while work runs; when a renewal finds the lease gone, cancels
/// <see cref="Token"/> so the work stops before writing anything more.
/// </summary>
internal sealed class LeaseHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LeaseHeartbeat(BatchRuntime runtime, Func<CancellationToken, Task<bool>> renew, CancellationToken cancellationToken)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _loop = LoopAsync(runtime, renew);
    }

    public CancellationToken Token => _cancel.Token;

    public bool Lost { get; private set; }

    private async Task LoopAsync(BatchRuntime runtime, Func<CancellationToken, Task<bool>> renew)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(runtime.Options.HeartbeatInterval, runtime.Time, _stop.Token);
                bool held;
                try
                {
                    held = await renew(_stop.Token);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A database hiccup is not a lost lease; the next beat tries again, and expiry settles it otherwise.
                    continue;
                }

                if (!held)
                {
                    Lost = true;
                    await _cancel.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _cancel.Dispose();
    }
}
