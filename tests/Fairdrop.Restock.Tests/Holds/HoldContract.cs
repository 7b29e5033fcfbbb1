using Dapper;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Tenancy;
using Fairdrop.Exchange.Series;
using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Holds;
using Fairdrop.Restock.Tests.Support;
using Fairdrop.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Restock.Tests.Holds;

/// <summary>Holds on a real database, with time moved by hand: what they take from the stock, once per key, never too much.</summary>
public abstract class HoldContract(StorageProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);
    private readonly FakeTimeProvider _time = new(Start);
    private TestDatabase _db = null!;
    private RestockStack _stack = null!;
    private HoldService _holds = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(provider);
        _stack = await RestockStack.CreateAsync(_db, _time, new RestockOptions());
        _holds = new HoldService(_db.Factory, _stack.Ids, _time);
    }

    public async Task DisposeAsync()
    {
        await ((ServiceProvider)_stack.Exchange).DisposeAsync();
        await _db.DisposeAsync();
    }

    [SkippableFact]
    public async Task HoldAsync_TwoOfFive_AvailableThreeAndTheHoldListed()
    {
        await CatalogAsync(_stack.Merchant, stock: 5);

        var placed = await HoldAsync("key-1", units: 2);
        var availability = (await _holds.AvailabilityAsync(_stack.Merchant, "sku-1", default)).Value!;

        Assert.True(placed.Created);
        Assert.Equal((5L, 2L, 3L), (availability.Stock, availability.Held, availability.Available));
        var listed = Assert.Single(availability.Holds);
        Assert.Equal(placed.Hold, listed);
        Assert.Equal(("sku-1", "shopper-1", Start + Quarter), (listed.ProductId, listed.Holder, listed.ExpiresAt));
    }

    [SkippableFact]
    public async Task HoldAsync_SameKeyReplayed_ReturnsTheFirstHold_HeldOnce()
    {
        await CatalogAsync(_stack.Merchant, stock: 5);
        var first = await HoldAsync("key-1", units: 2);
        _time.Advance(TimeSpan.FromMinutes(1));

        var again = await HoldAsync("key-1", units: 3);
        var released = await _holds.ReleaseAsync(_stack.Merchant, first.Hold.Id, default);
        var afterRelease = await HoldAsync("key-1", units: 1);

        Assert.False(again.Created);
        Assert.Equal(first.Hold, again.Hold);
        Assert.False(afterRelease.Created); // the key's hold, whatever its state: released now
        Assert.Equal(first.Hold.Id, afterRelease.Hold.Id);
        Assert.NotNull(afterRelease.Hold.ReleasedAt);
        Assert.Equal(released.Value, afterRelease.Hold);
        Assert.Equal(1L, await CountAsync());
        Assert.Equal(5L, (await _holds.AvailabilityAsync(_stack.Merchant, "sku-1", default)).Value!.Available);
    }

    [SkippableFact]
    public async Task HoldAsync_MoreThanAvailable_ConflictHoldExceedsStock_NothingWritten()
    {
        await CatalogAsync(_stack.Merchant, stock: 3);
        await HoldAsync("key-1", units: 2);

        var refused = await _holds.HoldAsync(_stack.Merchant, new HoldRequest("sku-1", 2, Quarter, "key-2", "shopper-2"), default);

        Assert.Equal((ErrorKind.Conflict, RestockErrors.HoldExceedsStock), (refused.Error?.Kind, refused.Error?.Code));
        Assert.Equal(1L, await CountAsync());
        Assert.Equal(1L, (await _holds.AvailabilityAsync(_stack.Merchant, "sku-1", default)).Value!.Available);
        Assert.True((await _holds.HoldAsync(_stack.Merchant, new HoldRequest("sku-1", 1, Quarter, "key-3", "shopper-2"), default)).IsSuccess);
    }

    [SkippableTheory]
    [InlineData("sku-1", 0, 15, "units")]
    [InlineData("sku-1", 101, 15, "units")]
    [InlineData("sku-1", 1, 0, "duration")]
    [InlineData("sku-1", 1, 24 * 60 + 1, "duration")]
    [InlineData(" ", 1, 15, "productId")]
    public async Task HoldAsync_OutOfRange_ValidationNamingTheField_NothingWritten(string product, int units, int minutes, string field)
    {
        await CatalogAsync(_stack.Merchant, stock: 500);

        var refused = await _holds.HoldAsync(_stack.Merchant, new HoldRequest(product, units, TimeSpan.FromMinutes(minutes), "key-1", "shopper-1"), default);

        Assert.Equal((ErrorKind.Validation, field), (refused.Error?.Kind, refused.Error?.Field));
        Assert.Equal(0L, await CountAsync());
    }

    [SkippableFact]
    public async Task HoldAsync_UnknownProduct_NotFound()
    {
        var refused = await _holds.HoldAsync(_stack.Merchant, new HoldRequest("nope", 1, Quarter, "key-1", "shopper-1"), default);

        Assert.Equal((ErrorKind.NotFound, RestockErrors.UnknownProduct), (refused.Error?.Kind, refused.Error?.Code));
        Assert.Equal(ErrorKind.NotFound, (await _holds.AvailabilityAsync(_stack.Merchant, "nope", default)).Error?.Kind);
    }

    [SkippableFact]
    public async Task HoldAsync_ConcurrentHoldsForTheLastUnit_ExactlyOneWins()
    {
        // A race lost without the product's lock shows in most runs, not all: five races, each for a fresh last unit.
        for (var race = 0; race < 5; race++)
        {
            var product = $"race-{race}";
            Assert.True((await _stack.Products.UpsertAsync(_stack.Merchant, [new ProductInput(product, null, "Last pair", null, null, 1)], default)).IsSuccess);

            var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
                _holds.HoldAsync(_stack.Merchant, new HoldRequest(product, 1, Quarter, $"{product}-key-{i}", $"shopper-{i}"), default))));

            Assert.Single(results, r => r.IsSuccess);
            Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(RestockErrors.HoldExceedsStock, r.Error!.Code));
        }

        Assert.Equal(5L, await CountAsync());
    }

    [SkippableFact]
    public async Task HoldAsync_ConcurrentRetriesOfOneKey_AllGetTheOneHold()
    {
        await CatalogAsync(_stack.Merchant, stock: 1);

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() =>
            _holds.HoldAsync(_stack.Merchant, new HoldRequest("sku-1", 1, Quarter, "key-1", "shopper-1"), default))));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Message));
        Assert.Single(results, r => r.Value!.Created);
        Assert.Single(results.Select(r => r.Value!.Hold.Id).Distinct());
        Assert.Equal(1L, await CountAsync());
    }

    [SkippableFact]
    public async Task Expiry_OnTheClock_ReturnsTheUnitByItself()
    {
        await CatalogAsync(_stack.Merchant, stock: 1);
        await HoldAsync("key-1", units: 1);

        _time.Advance(Quarter - TimeSpan.FromMilliseconds(1));
        var justBefore = (await _holds.AvailabilityAsync(_stack.Merchant, "sku-1", default)).Value!;
        var refused = await _holds.HoldAsync(_stack.Merchant, new HoldRequest("sku-1", 1, Quarter, "key-2", "shopper-2"), default);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var atExpiry = (await _holds.AvailabilityAsync(_stack.Merchant, "sku-1", default)).Value!;
        var next = await _holds.HoldAsync(_stack.Merchant, new HoldRequest("sku-1", 1, Quarter, "key-2", "shopper-2"), default);

        Assert.Equal((1L, 0L), (justBefore.Held, justBefore.Available));
        Assert.Equal(RestockErrors.HoldExceedsStock, refused.Error?.Code);
        Assert.Equal((0L, 1L), (atExpiry.Held, atExpiry.Available));
        Assert.Empty(atExpiry.Holds);
        Assert.True(next.Value!.Created);
    }

    [SkippableFact]
    public async Task ReleaseAsync_FreesTheUnitsAtOnce_ASecondReleaseChangesNothing()
    {
        await CatalogAsync(_stack.Merchant, stock: 2);
        var hold = (await HoldAsync("key-1", units: 2)).Hold;
        _time.Advance(TimeSpan.FromMinutes(1));

        var released = await _holds.ReleaseAsync(_stack.Merchant, hold.Id, default);
        _time.Advance(TimeSpan.FromMinutes(1));
        var again = await _holds.ReleaseAsync(_stack.Merchant, hold.Id, default);

        Assert.Equal(Start + TimeSpan.FromMinutes(1), released.Value!.ReleasedAt);
        Assert.Equal(released.Value, again.Value); // released once: the second call changes nothing
        Assert.Equal(2L, (await _holds.AvailabilityAsync(_stack.Merchant, "sku-1", default)).Value!.Available);
        Assert.Equal(ErrorKind.NotFound, (await _holds.ReleaseAsync(_stack.Merchant, Guid.NewGuid(), default)).Error?.Kind);
    }

    [SkippableFact]
    public async Task AnotherMerchant_NeitherSeesNorReleasesTheHold_AndHasItsOwnKeys()
    {
        await CatalogAsync(_stack.Merchant, stock: 1);
        var hold = (await HoldAsync("key-1", units: 1)).Hold;
        var other = (await new MerchantStore(_db.Factory, _stack.Ids, _time).CreateAsync("Other", default)).Merchant.Id;
        await CatalogAsync(other, stock: 4);

        var release = await _holds.ReleaseAsync(other, hold.Id, default);
        var seen = (await _holds.AvailabilityAsync(other, "sku-1", default)).Value!;
        var own = await _holds.HoldAsync(other, new HoldRequest("sku-1", 1, Quarter, "key-1", "shopper-9"), default);

        Assert.Equal(ErrorKind.NotFound, release.Error?.Kind);
        Assert.Equal((4L, 0L, 4L), (seen.Stock, seen.Held, seen.Available));
        Assert.Empty(seen.Holds);
        Assert.True(own.Value!.Created);
        Assert.NotEqual(hold.Id, own.Value.Hold.Id);
        var mine = (await _holds.AvailabilityAsync(_stack.Merchant, "sku-1", default)).Value!;
        Assert.Equal((1L, 0L), (mine.Held, mine.Available));
        Assert.Null(Assert.Single(mine.Holds).ReleasedAt);
    }

    [SkippableFact]
    public async Task SeriesHolds_ProductTarget_Holds_OtherTargetsRefused()
    {
        await CatalogAsync(_stack.Merchant, stock: 1);
        var series = new RestockSeriesHolds(_holds);

        var held = await InSeriesWriteAsync(series, new SeriesHoldRequest(_stack.Merchant, "product", "sku-1", 1, Quarter, "reply-1", "shopper-1"));
        var replay = await InSeriesWriteAsync(series, new SeriesHoldRequest(_stack.Merchant, "product", "sku-1", 1, Quarter, "reply-1", "shopper-1"));
        var exceeds = await InSeriesWriteAsync(series, new SeriesHoldRequest(_stack.Merchant, "product", "sku-1", 1, Quarter, "reply-2", "shopper-2"));
        var unknown = await InSeriesWriteAsync(series, new SeriesHoldRequest(_stack.Merchant, "product", "nope", 1, Quarter, "reply-3", "shopper-2"));
        var drop = await InSeriesWriteAsync(series, new SeriesHoldRequest(_stack.Merchant, "drop", "sku-1", 1, Quarter, "reply-4", "shopper-2"));

        Assert.Equal((1, Start + Quarter), (held.Value!.Units, held.Value.ExpiresAt));
        Assert.Equal(held.Value, replay.Value);
        Assert.Equal((ErrorKind.Conflict, RestockErrors.HoldExceedsStock), (exceeds.Error?.Kind, exceeds.Error?.Code));
        Assert.Equal(ErrorKind.NotFound, unknown.Error?.Kind);
        Assert.Equal((ErrorKind.Validation, "target"), (drop.Error?.Kind, drop.Error?.Field));
        Assert.Contains("Only product holds", drop.Error!.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task SeriesHolds_InATransactionRolledBack_HoldNothing()
    {
        await CatalogAsync(_stack.Merchant, stock: 1);
        var series = new RestockSeriesHolds(_holds);

        var held = await InSeriesWriteAsync(series, new SeriesHoldRequest(_stack.Merchant, "product", "sku-1", 1, Quarter, "reply-1", "shopper-1"), commit: false);

        Assert.True(held.IsSuccess);
        Assert.Equal((0L, 1L), ((await _holds.AvailabilityAsync(_stack.Merchant, "sku-1", default)).Value!.Held, (await _holds.AvailabilityAsync(_stack.Merchant, "sku-1", default)).Value!.Available));
    }

    /// <summary>A series' hold the way the exchange places it: inside its own write transaction, committed (or not) with the event.</summary>
    private async Task<Result<SeriesHold>> InSeriesWriteAsync(RestockSeriesHolds series, SeriesHoldRequest request, bool commit = true)
    {
        await using var connection = await _db.Factory.OpenAsync(default);
        await using var write = await _db.Factory.Dialect.BeginWriteAsync(connection, default);
        var result = await series.HoldAsync(new SeriesWrite(connection, write.Transaction), request, default);
        if (commit)
        {
            await write.CommitAsync(default);
        }

        return result;
    }

    private async Task<HoldPlacement> HoldAsync(string key, int units)
    {
        var result = await _holds.HoldAsync(_stack.Merchant, new HoldRequest("sku-1", units, Quarter, key, "shopper-1"), default);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value!;
    }

    private async Task CatalogAsync(Guid merchant, long stock)
    {
        var result = await _stack.Products.UpsertAsync(merchant, [new ProductInput("sku-1", "SKU-1", "Red sneaker", null, null, stock)], default);
        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    private async Task<long> CountAsync()
    {
        await using var connection = await _db.Factory.OpenAsync(default);
        return await connection.QuerySingleAsync<long>("SELECT COUNT(*) FROM restock_holds");
    }
}

public sealed class SqliteHoldTests() : HoldContract(StorageProvider.Sqlite);

public sealed class PostgresHoldTests() : HoldContract(StorageProvider.Postgres);
