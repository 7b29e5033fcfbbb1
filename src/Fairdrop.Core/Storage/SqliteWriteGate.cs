using System.Collections.Concurrent;
using System.Data.Common;

namespace Fairdrop.Core.Storage;

/// <summary>
/// One writer at a time per SQLite file, queued in this process. SQLite lets a single connection write; the others wait
/// in its busy handler, which polls in sleeps of 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50 and then 100 ms, so a writer
/// queued behind a 5 ms transaction could sleep for 100 ms more. Here it waits on a semaphore instead and starts the
/// moment the writer before it commits. Writers in other processes (and writes outside
/// <see cref="SqlDialect.BeginWriteAsync"/>) still meet in SQLite's busy handler, as before.
/// </summary>
internal static class SqliteWriteGate
{
    /// <summary>As long as SQLite's own busy timeout: past it, the writer goes on without the gate and SQLite decides.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>Waits for the file's gate; returns it when held (to release when the transaction ends), or null when waiting ran out.</summary>
    public static async ValueTask<SemaphoreSlim?> EnterAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var gate = Gates.GetOrAdd(connection.DataSource, static _ => new SemaphoreSlim(1, 1));
        return await gate.WaitAsync(Patience, cancellationToken) ? gate : null;
    }
}
