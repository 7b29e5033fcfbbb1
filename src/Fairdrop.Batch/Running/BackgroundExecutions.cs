using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;

namespace Fairdrop.Batch.Running;

/// <summary>Runs prepared executions in the background (for the API) and stops them cleanly, as failed and restartable, at shutdown.</summary>
public sealed class BackgroundExecutions : IHostedService, IDisposable
{
    private readonly JobLauncher _launcher;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Guid, Task> _running = new();
    private int _disposed;

    internal BackgroundExecutions(JobLauncher launcher) => _launcher = launcher;

    public void Start(PreparedExecution prepared)
    {
        var task = Task.Run(() => _launcher.ExecuteAsync(prepared, _stopping.Token));
        _running[prepared.ExecutionId] = task;
        task.ContinueWith(_ => _running.TryRemove(prepared.ExecutionId, out Task? _), TaskScheduler.Default);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host may dispose its services before stopping them (WebApplicationFactory does): nothing runs then.
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await Task.WhenAll(_running.Values).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Dispose();
        }
    }
}
