using Dapper;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Storage.Migrations;
using Fairdrop.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Core.Tests.Storage;

/// <summary>What the storage layer promises, checked on every database it supports.</summary>
public abstract class StorageContract(StorageProvider provider) : DatabaseTest(provider)
{

    [SkippableFact]
    public async Task Migrations_FirstRun_ApplyAllAndRecordThem_SecondRunAppliesNothing()
    {
        await using var db = await NewDatabaseAsync();

        var first = await Runner(db.Factory).ApplyAsync(CancellationToken.None);
        var second = await Runner(db.Factory).ApplyAsync(CancellationToken.None);

        Assert.Equal(["core/0001_tenancy", "core/0002_shopper_secrets", "core/0003_staff", "test/0001_widgets", "test/0002_widget_index"], first.Applied.Select(m => $"{m.Module}/{m.Name}"));
        Assert.Empty(second.Applied);
        Assert.Equal(5, second.AlreadyApplied);
        await using var connection = await db.Factory.OpenAsync(CancellationToken.None);
        Assert.Equal(5, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations"));
    }

    [SkippableFact]
    public async Task Migrations_ManyNodesAtOnce_ApplyEachScriptOnce()
    {
        await using var db = await NewDatabaseAsync();
        // Separate factories stand for separate nodes: their own pools, their own connections.
        var nodes = Enumerable.Range(0, 6).Select(_ => Runner(CloneFactory(db))).ToList();

        var results = await Task.WhenAll(nodes.Select(n => Task.Run(() => n.ApplyAsync(CancellationToken.None))));

        Assert.Equal(5, results.Sum(r => r.Applied.Count));
        Assert.All(results, r => Assert.Equal(5, r.Applied.Count + r.AlreadyApplied));
        await using var connection = await db.Factory.OpenAsync(CancellationToken.None);
        Assert.Equal(5, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations"));
    }

    [SkippableFact]
    public async Task Migrations_ScriptEditedAfterApplying_FailsWithClearMessage()
    {
        await using var db = await NewDatabaseAsync();
        await Runner(db.Factory).ApplyAsync(CancellationToken.None);
        await using (var connection = await db.Factory.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE module = 'test' AND version = 1");
        }

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner(db.Factory).ApplyAsync(CancellationToken.None));

        Assert.Contains("test/0001_widgets", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Values_RoundTrip_UuidInstantBytesBool()
    {
        await using var db = await MigratedAsync();
        var id = Guid.CreateVersion7();
        var at = Start.AddMilliseconds(123);
        await using var connection = await db.Factory.OpenAsync(CancellationToken.None);

        await connection.ExecuteAsync(
            "INSERT INTO test_widgets (id, name, made_at, payload, active) VALUES (@id, @name, @at, @payload, @active)",
            new { id, name = "w", at, payload = new byte[] { 1, 2, 3 }, active = true });
        var row = await connection.QuerySingleAsync<WidgetRow>(
            "SELECT id AS Id, name AS Name, made_at AS MadeAt, payload AS Payload, active AS Active FROM test_widgets WHERE id = @id", new { id });

        Assert.Equal(id, row.Id);
        Assert.Equal("w", row.Name);
        Assert.Equal(at, row.MadeAt);
        Assert.Equal([1, 2, 3], row.Payload);
        Assert.True(row.Active);
    }

    [SkippableFact]
    public async Task Uuid7_OrderByIdInDatabase_FollowsCreationTime()
    {
        await using var db = await MigratedAsync();
        var time = new FakeTimeProvider(Start);
        var ids = new IdGenerator(time);
        var created = new List<Guid>();
        for (var i = 0; i < 50; i++)
        {
            created.Add(ids.NewId());
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        await using var connection = await db.Factory.OpenAsync(CancellationToken.None);
        foreach (var (id, i) in created.Select((id, i) => (id, i)).Reverse())
        {
            await connection.ExecuteAsync("INSERT INTO test_widgets (id, name, made_at, active) VALUES (@id, @name, 0, @active)", new { id, name = $"w{i}", active = false });
        }

        var ordered = (await connection.QueryAsync<Guid>("SELECT id FROM test_widgets ORDER BY id")).ToList();
        Assert.Equal(created, ordered);
    }

    [SkippableFact]
    public async Task IsUniqueViolation_DuplicateKey_True_OtherError_False()
    {
        await using var db = await MigratedAsync();
        await using var connection = await db.Factory.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("INSERT INTO test_widgets (id, name, made_at, active) VALUES (@id, 'same', 0, @active)", new { id = Guid.NewGuid(), active = true });

        var duplicate = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            connection.ExecuteAsync("INSERT INTO test_widgets (id, name, made_at, active) VALUES (@id, 'same', 0, @active)", new { id = Guid.NewGuid(), active = true }));
        var syntax = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync("SELEKT 1"));

        Assert.True(db.Factory.Dialect.IsUniqueViolation(duplicate));
        Assert.False(db.Factory.Dialect.IsUniqueViolation(syntax));
    }

    [SkippableFact]
    public async Task BulkWriter_InsertsEveryRowWithItsValues_IncludingTheTail()
    {
        await using var db = await MigratedAsync();
        var table = new BulkTable<(Guid Id, string Name, long At, bool Active)>("test_widgets",
        [
            new("id", r => r.Id),
            new("name", r => r.Name),
            new("made_at", r => r.At),
            new("payload", _ => null),
            new("active", r => r.Active),
        ]);
        // 64 rows per SQLite statement: 1,000 leaves a tail of 40 rows.
        var rows = Enumerable.Range(0, 1000).Select(i => (Guid.CreateVersion7(), $"w{i}", (long)i, i % 2 == 0)).ToList();

        var written = await new BulkWriter(db.Factory).InsertAsync(table, rows, CancellationToken.None);

        Assert.Equal(1000, written);
        await using var connection = await db.Factory.OpenAsync(CancellationToken.None);
        Assert.Equal(1000, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM test_widgets"));
        Assert.Equal(999L * 1000 / 2, await connection.ExecuteScalarAsync<long>("SELECT SUM(made_at) FROM test_widgets"));
        var last = rows[^1];
        Assert.Equal("w999", await connection.ExecuteScalarAsync<string>("SELECT name FROM test_widgets WHERE id = @Id", new { Id = last.Item1 }));
    }

    [SkippableFact]
    public async Task MultiRowInsert_Returning_GivesTheInsertedIds_SkipsDuplicates_AndKeepsBytesAndFlags()
    {
        await using var db = await MigratedAsync();
        await using var connection = await db.Factory.OpenAsync(CancellationToken.None);
        var taken = Guid.CreateVersion7();
        await connection.ExecuteAsync("INSERT INTO test_widgets (id, name, made_at, active) VALUES (@taken, 'w1', 0, @active)", new { taken, active = false });
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.CreateVersion7()).ToArray();

        await using var transaction = await connection.BeginTransactionAsync();
        using var insert = new MultiRowInsert(connection, "test_widgets", ["id", "name", "made_at", "payload", "active"], "(name)", returning: "id", binaryColumns: ["payload"]);
        for (var i = 0; i < ids.Length; i++)
        {
            insert.Add([ids[i], $"w{i}", Start.AddMilliseconds(i), new byte[] { 0, (byte)i, 255 }, i % 2 == 0]);
        }

        var returned = (await insert.ExecuteReturningAsync(transaction, CancellationToken.None)).Select(v => v as Guid? ?? Guid.Parse((string)v)).ToList();
        await transaction.CommitAsync();

        Assert.Equal(new[] { ids[0], ids[2] }.Order(), returned.Order()); // w1 was taken
        var row = await connection.QuerySingleAsync<WidgetRow>(
            "SELECT id AS Id, name AS Name, made_at AS MadeAt, payload AS Payload, active AS Active FROM test_widgets WHERE id = @id", new { id = ids[2] });
        Assert.Equal(("w2", Start.AddMilliseconds(2), true), (row.Name, row.MadeAt, row.Active));
        Assert.Equal([0, 2, 255], row.Payload);
    }

    [SkippableFact]
    public async Task BulkWriter_DuplicateInBatch_WritesNothing()
    {
        await using var db = await MigratedAsync();
        var table = new BulkTable<(Guid Id, string Name)>("test_widgets",
            [new("id", r => r.Id), new("name", r => r.Name), new("made_at", _ => 0L), new("active", _ => true)]);
        var rows = Enumerable.Range(0, 200).Select(i => (Guid.CreateVersion7(), i == 150 ? "w0" : $"w{i}")).ToList();

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => new BulkWriter(db.Factory).InsertAsync(table, rows, CancellationToken.None));

        await using var connection = await db.Factory.OpenAsync(CancellationToken.None);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM test_widgets"));
    }

    private static DbConnectionFactory CloneFactory(TestDatabase db) =>
        db.PostgresConnectionString is { } postgres
            ? new PostgresConnectionFactory(postgres)
            : new SqliteConnectionFactory(Path.Combine(db.DataDirectory!, "fairdrop.db"));

    private sealed record WidgetRow(Guid Id, string Name, DateTimeOffset MadeAt, byte[]? Payload, bool Active);
}

public sealed class SqliteStorageContractTests() : StorageContract(StorageProvider.Sqlite);

public sealed class PostgresStorageContractTests() : StorageContract(StorageProvider.Postgres);
