using Fairdrop.Core.Storage;

namespace Fairdrop.Core.Tests.Storage;

public sealed class SqlDialectTests
{
    private const string Portable = "CREATE TABLE t (id {{uuid}}, b {{bytes}}, j {{json}}, f {{bool}})";

    [Fact]
    public void Render_Sqlite_UsesAffinityTypes() =>
        Assert.Equal("CREATE TABLE t (id TEXT, b BLOB, j TEXT, f INTEGER)", SqliteDialect.Instance.Render(Portable));

    [Fact]
    public void Render_Postgres_UsesNativeTypes() =>
        Assert.Equal("CREATE TABLE t (id uuid, b bytea, j jsonb, f boolean)", PostgresDialect.Instance.Render(Portable));

    [Fact]
    public void SkipLocked_OnlyOnPostgres()
    {
        Assert.Equal(string.Empty, SqliteDialect.Instance.ForUpdateSkipLocked);
        Assert.Equal("FOR UPDATE SKIP LOCKED", PostgresDialect.Instance.ForUpdateSkipLocked);
    }

    [Fact]
    public void RowKey_RowidOnSqlite_IdOnPostgres()
    {
        Assert.Equal("rowid", SqliteDialect.Instance.RowKey);
        Assert.Equal("id", PostgresDialect.Instance.RowKey);
    }
}
