using System.Data.Common;

namespace Fairdrop.Core.Storage;

/// <summary>Opens connections to the configured database; the one place that knows which database that is.</summary>
public abstract class DbConnectionFactory
{
    public abstract SqlDialect Dialect { get; }

    /// <summary>Where the data lives, safe to print: no password.</summary>
    public abstract string Description { get; }

    /// <summary>An open connection; the caller disposes it, which returns it to the pool.</summary>
    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);
}
