using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Fairdrop.Core.Storage;

/// <summary>SQLite: one writer at a time, types by affinity, UUIDs as text so they sort by time.</summary>
public sealed class SqliteDialect : SqlDialect
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    public static readonly SqliteDialect Instance = new();

    private SqliteDialect()
    {
    }

    public override string Name => "sqlite";

    public override string ForUpdateSkipLocked => string.Empty;

    public override string RowKey => "rowid";

    protected override IReadOnlyList<(string Token, string Type)> TypeTokens { get; } =
    [
        ("{{uuid}}", "TEXT"),
        ("{{bytes}}", "BLOB"),
        ("{{json}}", "TEXT"),
        ("{{bool}}", "INTEGER"),
        ("{{without_rowid}}", "WITHOUT ROWID"),
    ];

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint } sqlite
        && sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;

    public override bool IsTransient(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked };

    public override async ValueTask<WriteTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        EnsureOpen(connection);
        var turn = await SqliteWriteGate.EnterAsync(connection, cancellationToken);
        try
        {
            // Microsoft.Data.Sqlite issues BEGIN IMMEDIATE unless asked for a deferred transaction.
            return new WriteTransaction(await connection.BeginTransactionAsync(cancellationToken), turn);
        }
        catch
        {
            turn?.End();
            throw;
        }
    }

    // A write transaction (BEGIN IMMEDIATE) already excludes every other writer of the file.
    public override Task LockUntilCommitAsync(DbTransaction transaction, long key, CancellationToken cancellationToken) => Task.CompletedTask;

    public override async Task<T> WithExclusiveLockAsync<T>(DbConnection connection, long key, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        EnsureOpen(connection);
        // A single file has a single writer: the caller's write transactions already exclude one another.
        return await work();
    }
}
