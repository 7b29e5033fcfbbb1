using System.Data.Common;
using Npgsql;

namespace Fairdrop.Core.Storage;

/// <summary>PostgreSQL: native uuid, bytea and jsonb; SKIP LOCKED and advisory locks for several nodes.</summary>
public sealed class PostgresDialect : SqlDialect
{
    public static readonly PostgresDialect Instance = new();

    private PostgresDialect()
    {
    }

    public override string Name => "postgres";

    public override string ForUpdateSkipLocked => "FOR UPDATE SKIP LOCKED";

    public override string RowKey => "id";

    protected override IReadOnlyList<(string Token, string Type)> TypeTokens { get; } =
    [
        ("{{uuid}}", "uuid"),
        ("{{bytes}}", "bytea"),
        ("{{json}}", "jsonb"),
        ("{{bool}}", "boolean"),
        ("{{without_rowid}}", ""),
    ];

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override bool IsTransient(DbException exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } => true,
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };

    public override async ValueTask<WriteTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        EnsureOpen(connection);
        return new WriteTransaction(await connection.BeginTransactionAsync(cancellationToken), turn: null);
    }

    public override async Task LockUntilCommitAsync(DbTransaction transaction, long key, CancellationToken cancellationToken)
    {
        // A transaction-level advisory lock: released by the commit or rollback itself, so it cannot be left behind.
        await using var acquire = transaction.Connection!.CreateCommand();
        acquire.Transaction = transaction;
        acquire.CommandText = "SELECT pg_advisory_xact_lock(@key)";
        acquire.Parameters.Add(new NpgsqlParameter("key", key));
        await acquire.ExecuteNonQueryAsync(cancellationToken);
    }

    public override async Task<T> WithExclusiveLockAsync<T>(DbConnection connection, long key, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        EnsureOpen(connection);
        // A session-level advisory lock: every node that starts at once waits here, then finds the work done.
        await using (var acquire = connection.CreateCommand())
        {
            acquire.CommandText = "SELECT pg_advisory_lock(@key)";
            acquire.Parameters.Add(new NpgsqlParameter("key", key));
            await acquire.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            return await work();
        }
        finally
        {
            await using var release = connection.CreateCommand();
            release.CommandText = "SELECT pg_advisory_unlock(@key)";
            release.Parameters.Add(new NpgsqlParameter("key", key));
            // Released even when cancelled: a lock left behind would block every other node.
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
