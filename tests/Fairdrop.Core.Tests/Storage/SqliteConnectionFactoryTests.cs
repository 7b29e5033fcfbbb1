using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Core.Tests.Storage;

/// <summary>Connection settings hold on every connection, also the pooled ones that skip setting them again.</summary>
public sealed class SqliteConnectionFactoryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fairdrop-sqlite-").FullName;

    [Fact]
    public async Task OpenAsync_FreshAndPooledConnections_AllCarryTheSettings()
    {
        var factory = new SqliteConnectionFactory(Path.Combine(_folder, "settings.db"));
        var seen = new List<(long Busy, long Synchronous, long Cache, string Journal)>();
        for (var i = 0; i < 3; i++)
        {
            // Two at once: the second cannot reuse the first's handle, so both paths (new and pooled) are taken.
            await using var first = await factory.OpenAsync(CancellationToken.None);
            await using var second = await factory.OpenAsync(CancellationToken.None);
            foreach (var connection in new[] { first, second })
            {
                seen.Add((await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"), await connection.ExecuteScalarAsync<long>("PRAGMA synchronous"),
                    await connection.ExecuteScalarAsync<long>("PRAGMA cache_size"), (await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"))!));
            }
        }

        Assert.All(seen, s => Assert.Equal((30_000L, 1L, -16_384L, "wal"), s));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
