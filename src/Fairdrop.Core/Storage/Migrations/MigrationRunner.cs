using System.Data.Common;
using Dapper;
using Fairdrop.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Core.Storage.Migrations;

/// <summary>
/// Applies every module's pending migrations in order, each in its own transaction together with its
/// history row. On PostgreSQL the whole run holds an advisory lock, so nodes starting at once apply each
/// script exactly once; on SQLite the write lock does the same.
/// </summary>
public sealed partial class MigrationRunner(
    DbConnectionFactory connections,
    IEnumerable<MigrationSource> sources,
    TimeProvider time,
    ILogger<MigrationRunner> logger)
{
    // An arbitrary constant naming Fairdrop's migration lock among advisory locks ("fairdrop" in hex, roughly).
    private const long LockKey = 0x0FA1_D509;

    private const string CreateHistory = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            module TEXT NOT NULL,
            version INTEGER NOT NULL,
            name TEXT NOT NULL,
            checksum TEXT NOT NULL,
            applied_at BIGINT NOT NULL,
            PRIMARY KEY (module, version)
        )
        """;

    public async Task<MigrationResult> ApplyAsync(CancellationToken cancellationToken)
    {
        var pending = sources.SelectMany(source => source.Load()).ToList();
        await using var connection = await connections.OpenAsync(cancellationToken);
        var dialect = connections.Dialect;
        return await dialect.WithExclusiveLockAsync(connection, LockKey, async () =>
        {
            await connection.ExecuteAsync(new CommandDefinition(CreateHistory, cancellationToken: cancellationToken));
            var applied = new List<Migration>();
            var already = 0;
            foreach (var migration in pending)
            {
                if (await ApplyOneAsync(connection, dialect, migration, cancellationToken))
                {
                    applied.Add(migration);
                    LogApplied(logger, migration.Module, migration.Version, migration.Name);
                }
                else
                {
                    already++;
                }
            }

            return new MigrationResult(applied, already);
        }, cancellationToken);
    }

    private async Task<bool> ApplyOneAsync(DbConnection connection, SqlDialect dialect, Migration migration, CancellationToken cancellationToken)
    {
        await using var write = await dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var recorded = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT checksum FROM schema_migrations WHERE module = @Module AND version = @Version",
            new { migration.Module, migration.Version },
            transaction,
            cancellationToken: cancellationToken));
        if (recorded is not null)
        {
            if (recorded != migration.Checksum)
            {
                throw new MigrationException(
                    $"Migration {migration.Module}/{migration.Name} was changed after it was applied (checksum {recorded} in the database, {migration.Checksum} shipped). Add a new migration instead of editing an applied one.");
            }

            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(dialect.Render(migration.Sql), transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO schema_migrations (module, version, name, checksum, applied_at) VALUES (@Module, @Version, @Name, @Checksum, @AppliedAt)",
            new { migration.Module, migration.Version, migration.Name, migration.Checksum, AppliedAt = time.GetUtcNow().ToUnixTimeMilliseconds() },
            transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return true;
    }

    [LoggerMessage(EventId = CoreEventIds.MigrationApplied, Level = LogLevel.Information, Message = "Applied migration {Module}/{Version} {Name}")]
    private static partial void LogApplied(ILogger logger, string module, int version, string name);
}
