using System.Diagnostics;

namespace Fairdrop.Core.Storage;

/// <summary>One writer's turn at its SQLite file's gate, from the moment it entered; ended once, however often asked.</summary>
internal sealed class SqliteWriteTurn(SemaphoreSlim gate, string? site)
{
    private readonly long _since = Stopwatch.GetTimestamp();
    private SemaphoreSlim? _gate = gate;

    /// <summary>Lets the next writer in and counts how long this one held the lock.</summary>
    public void End()
    {
        if (Interlocked.Exchange(ref _gate, null) is { } held)
        {
            SqliteWriteGate.Exit(held, Stopwatch.GetElapsedTime(_since), site);
        }
    }
}
