using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Hosting;
using Fairdrop.Gate.Language;
using Fairdrop.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fairdrop.Gate.Tests.Hosting;

/// <summary>The rule file is watched: a good save applies, a bad save never replaces the rules in force.</summary>
public sealed class RuleFileWatcherTests : IDisposable
{
    private const string First = "rule first when action == \"checkout\" then log";
    private const string Second = "rule second when action == \"login\" then log";
    private readonly string _folder = Directory.CreateTempSubdirectory("fairdrop-watch-").FullName;

    [Fact]
    public async Task Watch_BadFileSaved_KeepsTheRulesThenAppliesTheNextGoodSave()
    {
        var path = Path.Combine(_folder, "rules.gate");
        await File.WriteAllTextAsync(path, First);
        var log = new RejectionLog();
        var holder = new RuleSetHolder(CompileContext.Default, new GateMetrics(new TestMeterFactory()), log);
        var options = Microsoft.Extensions.Options.Options.Create(new GateOptions { RulesPath = path });
        using var watcher = new RuleFileWatcher(holder, options, TimeProvider.System, NullLogger<RuleFileWatcher>.Instance);
        await watcher.StartAsync(CancellationToken.None);
        var loaded = holder.Current.Source;

        await File.WriteAllTextAsync(path, "rule broken when acton == \"checkout\" then block");
        await UntilAsync(() => log.Rejections > 0);
        var afterBad = holder.Current.Source;
        await File.WriteAllTextAsync(path, Second);
        await UntilAsync(() => holder.Current.Source == Second);
        await watcher.StopAsync(CancellationToken.None);

        Assert.Equal(First, loaded);
        Assert.Equal(First, afterBad);
        Assert.Equal(Second, holder.Current.Source);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>File events arrive on their own thread after a debounce; wait for the outcome, up to ten seconds.</summary>
    private static async Task UntilAsync(Func<bool> condition)
    {
        for (var attempt = 0; attempt < 200 && !condition(); attempt++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "The watcher did not react to the saved file within ten seconds.");
    }

    private sealed class RejectionLog : ILogger<RuleSetHolder>
    {
        private int _rejections;

        public int Rejections => Volatile.Read(ref _rejections);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 7002)
            {
                Interlocked.Increment(ref _rejections);
            }
        }
    }
}
