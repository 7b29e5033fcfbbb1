using System.Data.Common;
using Fairdrop.Core.Storage;

namespace Fairdrop.Restock.Tests.Rounds;

/// <summary>
/// A connection factory that "crashes the process" on the Nth connection it opens, between two transactions: that
/// open and every later one throw, so the run can record nothing more (not even its own failure) and its lease lapses.
/// </summary>
internal sealed class CrashingConnections(DbConnectionFactory inner, int crashOnOpen) : DbConnectionFactory
{
    private int _opened;

    public override SqlDialect Dialect => inner.Dialect;

    public override string Description => inner.Description;

    public override ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        Interlocked.Increment(ref _opened) >= crashOnOpen ? throw new SimulatedCrashException() : inner.OpenAsync(cancellationToken);
}

/// <summary>Stands for the process dying.</summary>
internal sealed class SimulatedCrashException : Exception;
