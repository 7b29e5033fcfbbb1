using Fairdrop.Gate.Engine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Gate.Hosting;

/// <summary>
/// Loads the rule file at start and again whenever it changes. Editors save in several steps,
/// so changes are debounced; a file that fails to compile leaves the current rules in force.
/// </summary>
internal sealed class RuleFileWatcher(RuleSetHolder holder, IOptions<GateOptions> options, TimeProvider time, ILogger<RuleFileWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(200);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The first load happens before the app serves, so no request is judged by an empty rule set.
        if (options.Value.RulesPath is { } path)
        {
            Load(path);
        }

        return base.StartAsync(cancellationToken);
    }

    /// <summary>Reads and applies the file; false when it cannot be read or does not compile.</summary>
    public bool Load(string path)
    {
        try
        {
            return holder.TryReplace(File.ReadAllText(path), path).Success;
        }
        catch (IOException exception)
        {
            GateLog.RulesUnreadable(logger, path, exception);
            return false;
        }
        catch (UnauthorizedAccessException exception)
        {
            GateLog.RulesUnreadable(logger, path, exception);
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.RulesPath is not { } path)
        {
            return;
        }

        var full = Path.GetFullPath(path);
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(full)!, Path.GetFileName(full))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        var changed = new SemaphoreSlim(0);
        FileSystemEventHandler onChange = (_, _) => changed.Release();
        watcher.Changed += onChange;
        watcher.Created += onChange;
        watcher.Renamed += (_, _) => changed.Release();
        watcher.EnableRaisingEvents = true;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await changed.WaitAsync(stoppingToken);
                await Task.Delay(Debounce, time, stoppingToken);
                while (changed.CurrentCount > 0)
                {
                    await changed.WaitAsync(stoppingToken);
                }

                Load(full);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
