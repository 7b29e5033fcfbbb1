using Fairdrop.Core.Storage;
using Npgsql;

namespace Fairdrop.Testing;

/// <summary>
/// A fresh, real database for one test: a new SQLite file in a temporary folder, or a new database
/// on the PostgreSQL server of <see cref="TestServers.Postgres"/>. Disposing removes it.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly string? _adminConnectionString;
    private readonly string? _databaseName;

    private TestDatabase(StorageProvider provider, DbConnectionFactory factory, IReadOnlyDictionary<string, string?> settings, string? folder, string? admin, string? database)
    {
        Provider = provider;
        Factory = factory;
        Settings = settings;
        _folder = folder;
        _adminConnectionString = admin;
        _databaseName = database;
    }

    public StorageProvider Provider { get; }

    public DbConnectionFactory Factory { get; }

    /// <summary>Configuration keys that point a host (or the fairdrop process) at this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>The PostgreSQL connection string of this database (null on SQLite).</summary>
    public string? PostgresConnectionString => Settings.TryGetValue("Fairdrop:Storage:Postgres", out var value) ? value : null;

    /// <summary>The SQLite data folder (null on PostgreSQL).</summary>
    public string? DataDirectory => _folder;

    public static Task<TestDatabase> CreateAsync(StorageProvider provider) =>
        provider == StorageProvider.Postgres ? CreatePostgresAsync() : Task.FromResult(CreateSqlite());

    public static TestDatabase CreateSqlite()
    {
        DapperTypeHandlers.Register();
        var folder = Directory.CreateTempSubdirectory("fairdrop-test-").FullName;
        var settings = new Dictionary<string, string?> { ["Fairdrop:Storage:DataDirectory"] = folder };
        return new TestDatabase(StorageProvider.Sqlite, new SqliteConnectionFactory(Path.Combine(folder, "fairdrop.db")), settings, folder, null, null);
    }

    public static async Task<TestDatabase> CreatePostgresAsync()
    {
        DapperTypeHandlers.Register();
        var admin = TestServers.Postgres();
        var name = "fd_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        var settings = new Dictionary<string, string?> { ["Fairdrop:Storage:Postgres"] = connectionString };
        return new TestDatabase(StorageProvider.Postgres, new PostgresConnectionFactory(connectionString), settings, null, admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (Factory is PostgresConnectionFactory postgres)
        {
            await postgres.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A process that still holds the file (a killed child) must not fail the test; the OS temp cleaner gets it.
            }
        }
    }
}
