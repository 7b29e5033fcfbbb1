using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Mailboxes.Tests;

/// <summary>Every log line the harness's services write, rendered, so a test can check what reaches the logs (and what never does).</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<(EventId Id, string Text)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Lines.Enqueue((eventId, formatter(state, exception) + (exception is null ? string.Empty : "\n" + exception)));
    }
}
