using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Fairdrop.Core.Storage;

/// <summary>
/// Copies committed pages from one SQLite file's write-ahead log into the database file, in the background, while the
/// file is in use. The factory's connections turn SQLite's automatic checkpoint off: that one runs inside the COMMIT
/// that crosses 1,000 WAL pages, so a writer held the one write lock while it copied and synced everyone's pages
/// (bench restock: about 100 ms a 10,000-alert chunk, a fifth of the lock's time). A PASSIVE checkpoint here takes no
/// write lock, so writers go on meanwhile; once it has copied every frame, the next writer starts the log again from
/// its beginning (docs/adr/0009-sqlite-background-checkpoints.md).
/// </summary>
internal sealed class SqliteCheckpointer(string connectionString)
{
    /// <summary>How often the log is copied while the file is in use: a restock chunk commits about this often.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>After this long without a connection opened, the loop stops; the next open starts it again.</summary>
    private static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(2);

    private long _lastUse;
    private int _running;
    private long _runs;

    /// <summary>Checkpoints completed (PASSIVE, every frame copied or not): for tests and diagnosis.</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Called on every connection opened: keeps the loop running while the file is in use.</summary>
    public void Touch()
    {
        Volatile.Write(ref _lastUse, Stopwatch.GetTimestamp());
        StartIfStopped();
    }

    private void StartIfStopped()
    {
        if (Volatile.Read(ref _running) == 0 && Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            _ = Task.Run(RunAsync);
        }
    }

    private async Task RunAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(Interval);
                var lastUse = Volatile.Read(ref _lastUse);
                await CheckpointAsync();
                if (Stopwatch.GetElapsedTime(lastUse) > IdleAfter)
                {
                    return;
                }
            }
        }
        catch (SqliteException)
        {
            // The pages stay in the log, where readers find them; the next loop, or SQLite when the last connection
            // closes, copies them. (A test deleting its database folder ends up here.)
        }
        finally
        {
            Volatile.Write(ref _running, 0);

            // A connection opened after the last look found the loop still running and did not start it.
            if (Stopwatch.GetElapsedTime(Volatile.Read(ref _lastUse)) < IdleAfter)
            {
                StartIfStopped();
            }
        }
    }

    private async Task CheckpointAsync()
    {
        // Its own connection, not the factory's: opening through the factory would count as use and never go idle.
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await command.ExecuteNonQueryAsync();
        Interlocked.Increment(ref _runs);
    }
}
