using Dapper;
using Fairdrop.Core;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Storage.Migrations;
using Fairdrop.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Drops.Tests;

/// <summary>
/// Drops' migrations moved from the gate's assembly (resources <c>Migrations/Drops/</c>) to their own project. History is
/// keyed by module and number and checked by checksum, so a database migrated before the move must find every drops
/// migration already applied.
/// </summary>
public abstract class DropMigrationsContract(StorageProvider provider)
{
    /// <summary>The rows the gate's assembly wrote into <c>schema_migrations</c> (checksums of the files as shipped then).</summary>
    private static readonly (int Version, string Name, string Checksum)[] RecordedBeforeTheMove =
    [
        (1, "0001_drops", "5b7881900de8e4a6a121ff226f9168a9cf73ad03db1cb18487c04de26dca644f"),
        (2, "0002_drop_entry_proof", "cd979514e1c60eda38a64dc839553c918733d62d40fa6682e90371f8c9517ac9"),
    ];

    private static MigrationSource[] Sources =>
        [new MigrationSource("core", typeof(CoreServiceCollectionExtensions).Assembly), new MigrationSource("drops", typeof(DropCommands).Assembly)];

    [Fact]
    public void Load_OwnProject_KeepsTheModuleNumbersNamesAndChecksumsRecordedBeforeTheMove()
    {
        var loaded = new MigrationSource("drops", typeof(DropCommands).Assembly).Load();

        Assert.All(loaded, m => Assert.Equal("drops", m.Module));
        // Later migrations (sealed entry lists, 0003…) came after the move; the ones recorded before it must not change.
        Assert.Equal(RecordedBeforeTheMove, loaded.Take(RecordedBeforeTheMove.Length).Select(m => (m.Version, m.Name, m.Checksum)));
    }

    [SkippableFact]
    public async Task ApplyAsync_DatabaseMigratedBeforeTheMove_AppliesNoDropsMigrationAgain()
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var runner = new MigrationRunner(db.Factory, Sources, new FakeTimeProvider(DropHarness.Start), NullLogger<MigrationRunner>.Instance);
        await runner.ApplyAsync(CancellationToken.None);
        // The drops tables exist; their history is put back exactly as the old layout recorded it.
        await using (var connection = await db.Factory.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("DELETE FROM schema_migrations WHERE module = 'drops' AND version <= @last", new { last = RecordedBeforeTheMove.Length });
            foreach (var (version, name, checksum) in RecordedBeforeTheMove)
            {
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (module, version, name, checksum, applied_at) VALUES ('drops', @version, @name, @checksum, 0)",
                    new { version, name, checksum });
            }
        }

        var again = await runner.ApplyAsync(CancellationToken.None);

        Assert.Empty(again.Applied);
        Assert.True(again.AlreadyApplied >= RecordedBeforeTheMove.Length);
    }
}

public sealed class SqliteDropMigrationsTests() : DropMigrationsContract(StorageProvider.Sqlite);

public sealed class PostgresDropMigrationsTests() : DropMigrationsContract(StorageProvider.Postgres);
