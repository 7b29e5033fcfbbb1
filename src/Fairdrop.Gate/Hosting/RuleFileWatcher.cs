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

    private readonly SemaphoreSlim _changed = new(0);
    private FileSystemWatcher? _watcher;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.RulesPath is { } path)
        {
            // Armed before the first load and before StartAsync returns: ExecuteAsync runs on the thread pool
            // (since .NET 10), so a save made right after start would otherwise be missed.
            _watcher = Watch(Path.GetFullPath(path));
            // The first load happens before the app serves, so no request is judged by an empty rule set.
            Load(path);
        }

        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _watcher?.Dispose();
        _changed.Dispose();
        base.Dispose();
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
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _changed.WaitAsync(stoppingToken);
                await Task.Delay(Debounce, time, stoppingToken);
                while (_changed.CurrentCount > 0)
                {
                    await _changed.WaitAsync(stoppingToken);
                }

                Load(full);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private FileSystemWatcher Watch(string full)
    {
        var watcher = new FileSystemWatcher(Path.GetDirectoryName(full)!, Path.GetFileName(full))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        FileSystemEventHandler onChange = (_, _) => _changed.Release();
        watcher.Changed += onChange;
        watcher.Created += onChange;
        watcher.Renamed += (_, _) => _changed.Release();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }
}
