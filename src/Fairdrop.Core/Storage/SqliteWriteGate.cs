using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Fairdrop.Core.Storage;

/// <summary>
/// One writer at a time per SQLite file, queued in this process. SQLite lets a single connection write; the others wait
/// in its busy handler, which polls in sleeps of 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50 and then 100 ms, so a writer
/// queued behind a 5 ms transaction could sleep for 100 ms more. Here it waits on a semaphore instead and starts the
/// moment the writer before it commits. Writers in other processes (and writes outside
/// <see cref="SqlDialect.BeginWriteAsync"/>) still meet in SQLite's busy handler, as before.
/// Two histograms tell an operator how busy the file's one write lock is: the time writers waited for it and the time
/// each held it. A lock held most of the time is the sign to move to PostgreSQL.
/// </summary>
public static class SqliteWriteGate
{
    public const string MeterName = "Fairdrop.Storage";
    public const string WaitInstrument = "fairdrop.storage.sqlite.write_wait";
    public const string HeldInstrument = "fairdrop.storage.sqlite.write_held";

    /// <summary>The tag naming the code that began the transaction, on held times while <see cref="TagSites"/> is on.</summary>
    public const string SiteTag = "site";

    /// <summary>As long as SQLite's own busy timeout: past it, the writer goes on without the gate and SQLite decides.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    // Static like the dialect that uses it (Npgsql's meter is static too): listeners subscribe by name.
    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> Waited = Meter.CreateHistogram<double>(
        WaitInstrument, "ms", "Time a write transaction waited in this process for its SQLite file's write lock.");

    private static readonly Histogram<double> Held = Meter.CreateHistogram<double>(
        HeldInstrument, "ms", "Time a write transaction held its SQLite file's write lock, from begin to commit or rollback.");

    /// <summary>
    /// When on, each held time is tagged with the code that began the transaction (<see cref="SiteTag"/>, found from
    /// the stack at some microseconds a transaction): for <c>fairdrop-bench restock --lock-sites</c> and diagnosis.
    /// </summary>
    public static bool TagSites { get; set; }

    /// <summary>Waits for the file's gate; returns the turn to end when the transaction ends, or null when waiting ran out.</summary>
    internal static async ValueTask<SqliteWriteTurn?> EnterAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Named before the first await, while the caller's frames are still on the stack.
        var site = TagSites ? WriteSite.OfCaller() : null;
        var gate = Gates.GetOrAdd(connection.DataSource, static _ => new SemaphoreSlim(1, 1));
        var start = Stopwatch.GetTimestamp();
        var entered = await gate.WaitAsync(Patience, cancellationToken);
        Waited.Record(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        return entered ? new SqliteWriteTurn(gate, site) : null;
    }

    /// <summary>Lets the next writer in, counting how long this one held the lock.</summary>
    internal static void Exit(SemaphoreSlim gate, TimeSpan held, string? site)
    {
        if (site is null)
        {
            Held.Record(held.TotalMilliseconds);
        }
        else
        {
            Held.Record(held.TotalMilliseconds, new KeyValuePair<string, object?>(SiteTag, site));
        }

        gate.Release();
    }
}
