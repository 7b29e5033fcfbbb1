using System.Data;
using System.Data.Common;

namespace Fairdrop.Core.Storage;

/// <summary>
/// The few places where SQLite and PostgreSQL differ. Everything else is written once: both speak
/// <c>ON CONFLICT</c>, <c>RETURNING</c> and keyset pagination the same way.
/// </summary>
public abstract class SqlDialect
{
    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Appended to a SELECT that claims rows for work. PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>, so
    /// nodes never take the same row. SQLite: nothing, as the write transaction already excludes other writers.
    /// </summary>
    public abstract string ForUpdateSkipLocked { get; }

    /// <summary>
    /// The column that finds a row of the statement's own table fastest, for <c>WHERE key IN (SELECT key ...)</c>:
    /// SQLite's <c>rowid</c> (the table's own B-tree, no index lookup by a text UUID), PostgreSQL's <c>id</c>.
    /// </summary>
    public abstract string RowKey { get; }

    /// <summary>
    /// Replaces the portable type tokens of a migration (<c>{{uuid}}</c>, <c>{{bytes}}</c>, <c>{{json}}</c>, <c>{{bool}}</c>)
    /// and <c>{{without_rowid}}</c>, after a table whose rows live in its primary key's B-tree on SQLite (nothing on PostgreSQL).
    /// </summary>
    public string Render(string sql)
    {
        foreach (var (token, type) in TypeTokens)
        {
            sql = sql.Replace(token, type, StringComparison.Ordinal);
        }

        return sql;
    }

    /// <summary>True when the exception is a unique or primary key violation, an expected outcome of idempotent writes.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>True when retrying the same statement may succeed: a busy database, a serialization failure, a dropped connection.</summary>
    public abstract bool IsTransient(DbException exception);

    /// <summary>
    /// Starts a transaction that writes. On SQLite it takes the write lock up front (<c>BEGIN IMMEDIATE</c>),
    /// so two writers queue instead of failing when one upgrades a read lock, and writers of this process queue in
    /// order on an in-process gate (<see cref="SqliteWriteGate"/>) rather than in SQLite's sleeping busy handler.
    /// </summary>
    public abstract ValueTask<WriteTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> while holding a database-wide lock named by <paramref name="key"/>, across nodes.</summary>
    public abstract Task<T> WithExclusiveLockAsync<T>(DbConnection connection, long key, Func<Task<T>> work, CancellationToken cancellationToken);

    /// <summary>
    /// Holds a database-wide lock named by <paramref name="key"/> until <paramref name="transaction"/> ends, across nodes:
    /// for work that must run on one node at a time and commit with the lock released.
    /// </summary>
    public abstract Task LockUntilCommitAsync(DbTransaction transaction, long key, CancellationToken cancellationToken);

    protected abstract IReadOnlyList<(string Token, string Type)> TypeTokens { get; }

    private protected static void EnsureOpen(DbConnection connection)
    {
        if (connection.State != ConnectionState.Open)
        {
            throw new InvalidOperationException("The connection must be open.");
        }
    }
}
