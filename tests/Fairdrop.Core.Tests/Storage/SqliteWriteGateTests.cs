using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Testing;

namespace Fairdrop.Core.Tests.Storage;

/// <summary>Writers of one SQLite file queue on the in-process gate and start as soon as the writer before them ends.</summary>
public sealed class SqliteWriteGateTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task BeginWrite_WhileAnotherWriterHoldsTheFile_WaitsUntilItCommits()
    {
        await using var db = TestDatabase.CreateSqlite();
        await using var first = await db.Factory.OpenAsync(CancellationToken.None);
        await using var second = await db.Factory.OpenAsync(CancellationToken.None);
        await first.ExecuteAsync("CREATE TABLE t (v INTEGER NOT NULL)");

        await using var holding = await db.Factory.Dialect.BeginWriteAsync(first, CancellationToken.None);
        await first.ExecuteAsync("INSERT INTO t (v) VALUES (1)", transaction: holding.Transaction);
        var waiting = db.Factory.Dialect.BeginWriteAsync(second, CancellationToken.None).AsTask();
        await Task.Delay(Settle);
        Assert.False(waiting.IsCompleted);

        // Committing lets the next writer in before the first transaction object is even disposed.
        await holding.CommitAsync();
        await using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        await second.ExecuteAsync("INSERT INTO t (v) VALUES (2)", transaction: next.Transaction);
        await next.CommitAsync();

        Assert.Equal([1L, 2L], await first.QueryAsync<long>("SELECT v FROM t ORDER BY v"));
    }

    [Fact]
    public async Task BeginWrite_AfterAWriterIsDisposedWithoutCommit_StartsAndSeesNothingOfIt()
    {
        await using var db = TestDatabase.CreateSqlite();
        await using var first = await db.Factory.OpenAsync(CancellationToken.None);
        await using var second = await db.Factory.OpenAsync(CancellationToken.None);
        await first.ExecuteAsync("CREATE TABLE t (v INTEGER NOT NULL)");

        var abandoned = await db.Factory.Dialect.BeginWriteAsync(first, CancellationToken.None);
        await first.ExecuteAsync("INSERT INTO t (v) VALUES (1)", transaction: abandoned.Transaction);
        var waiting = db.Factory.Dialect.BeginWriteAsync(second, CancellationToken.None).AsTask();
        await Task.Delay(Settle);
        Assert.False(waiting.IsCompleted);

        await abandoned.DisposeAsync();
        await using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0L, await second.QuerySingleAsync<long>("SELECT COUNT(*) FROM t", transaction: next.Transaction));
    }

    [Fact]
    public async Task BeginWrite_CancelledWhileWaiting_ThrowsAndTheGateStillAdmitsOneWriterAtATime()
    {
        await using var db = TestDatabase.CreateSqlite();
        await using var first = await db.Factory.OpenAsync(CancellationToken.None);
        await using var second = await db.Factory.OpenAsync(CancellationToken.None);
        await using var third = await db.Factory.OpenAsync(CancellationToken.None);
        await using var fourth = await db.Factory.OpenAsync(CancellationToken.None);

        var holding = await db.Factory.Dialect.BeginWriteAsync(first, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = db.Factory.Dialect.BeginWriteAsync(second, cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        await holding.CommitAsync();
        await using var next = await db.Factory.Dialect.BeginWriteAsync(third, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        // Disposing after the commit releases nothing more: the gate is next's alone.
        await holding.DisposeAsync();
        var after = db.Factory.Dialect.BeginWriteAsync(fourth, CancellationToken.None).AsTask();
        await Task.Delay(Settle);
        Assert.False(after.IsCompleted);
        await next.CommitAsync();
        await using var last = await after.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task CommitAsync_ReportsTheWaitAndTheHoldOfTheWriteLock()
    {
        var seen = new ConcurrentQueue<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SqliteWriteGate.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => seen.Enqueue(value >= 0 ? instrument.Name : "negative"));
        listener.Start();
        await using var db = TestDatabase.CreateSqlite();
        await using var connection = await db.Factory.OpenAsync(CancellationToken.None);

        await using (var write = await db.Factory.Dialect.BeginWriteAsync(connection, CancellationToken.None))
        {
            await write.CommitAsync();
        }

        Assert.Contains(SqliteWriteGate.WaitInstrument, seen);
        Assert.Contains(SqliteWriteGate.HeldInstrument, seen);
        Assert.DoesNotContain("negative", seen);
    }

    [Fact]
    public async Task CommitAsync_WithSitesTagged_NamesTheMethodThatBeganTheTransaction()
    {
        var sites = new ConcurrentQueue<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == SqliteWriteGate.HeldInstrument)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: SqliteWriteGate.SiteTag, Value: string site })
                {
                    sites.Enqueue(site);
                }
            }
        });
        listener.Start();
        await using var db = TestDatabase.CreateSqlite();
        await using var connection = await db.Factory.OpenAsync(CancellationToken.None);

        SqliteWriteGate.TagSites = true;
        try
        {
            await using var write = await db.Factory.Dialect.BeginWriteAsync(connection, CancellationToken.None);
            await write.CommitAsync();
        }
        finally
        {
            SqliteWriteGate.TagSites = false;
        }

        Assert.Contains($"{nameof(SqliteWriteGateTests)}.{nameof(CommitAsync_WithSitesTagged_NamesTheMethodThatBeganTheTransaction)}", sites);
    }
}
