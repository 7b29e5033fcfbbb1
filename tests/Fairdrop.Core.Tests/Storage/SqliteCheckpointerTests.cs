using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Testing;
using Microsoft.Data.Sqlite;

namespace Fairdrop.Core.Tests.Storage;

/// <summary>
/// The factory's connections never checkpoint inside a COMMIT (wal_autocheckpoint=0); committed pages still reach the
/// database file, copied by the background checkpointer while the file is in use (docs/adr/0009).
/// </summary>
public sealed class SqliteCheckpointerTests
{
    [Fact]
    public async Task CommittedWrites_ReachTheDatabaseFileItself_WithoutAnyWriterCheckpointing()
    {
        await using var db = TestDatabase.CreateSqlite();
        var factory = (SqliteConnectionFactory)db.Factory;
        await using (var connection = await factory.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
            Assert.Equal(0L, await connection.QuerySingleAsync<long>("PRAGMA wal_autocheckpoint"));
        }

        for (var batch = 0; batch < 40; batch++)
        {
            await using var connection = await factory.OpenAsync(CancellationToken.None);
            await using var write = await factory.Dialect.BeginWriteAsync(connection, CancellationToken.None);
            await connection.ExecuteAsync(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
                INSERT INTO t (v) SELECT printf('%0200d', i) FROM n
                """,
                transaction: write.Transaction);
            await write.CommitAsync();
        }

        // Two checkpoints begun after the last commit: the first may have been under way while it committed.
        var seen = factory.Checkpoints;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (factory.Checkpoints < seen + 2 && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50);
        }

        // The database file alone, without its write-ahead log: it holds only what a checkpoint copied into it.
        var copy = Path.Combine(Path.GetDirectoryName(factory.Path)!, "copy.db");
        File.Copy(factory.Path, copy);
        await using var alone = new SqliteConnection($"Data Source={copy};Pooling=False");
        await alone.OpenAsync();
        Assert.Equal(4_000L, await alone.QuerySingleAsync<long>("SELECT COUNT(*) FROM t"));
    }
}
