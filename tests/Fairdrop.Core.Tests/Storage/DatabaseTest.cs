using Fairdrop.Core.Storage;
using Fairdrop.Core.Storage.Migrations;
using Fairdrop.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fairdrop.Core.Tests.Storage;

/// <summary>Base of the contract suites: a fresh real database of the given kind per test.</summary>
public abstract class DatabaseTest(StorageProvider provider)
{
    protected static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-22T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    protected Task<TestDatabase> NewDatabaseAsync() => TestDatabase.CreateAsync(provider);

    protected static MigrationRunner Runner(DbConnectionFactory factory, TimeProvider? time = null) =>
        new(factory,
            [new MigrationSource("core", typeof(CoreServiceCollectionExtensions).Assembly), new MigrationSource("test", typeof(DatabaseTest).Assembly)],
            time ?? TimeProvider.System,
            NullLogger<MigrationRunner>.Instance);

    protected async Task<TestDatabase> MigratedAsync(TimeProvider? time = null)
    {
        var db = await NewDatabaseAsync();
        await Runner(db.Factory, time).ApplyAsync(CancellationToken.None);
        return db;
    }
}
