using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Holds;
using Fairdrop.Restock.Inventory;
using Fairdrop.Restock.Rounds;
using Fairdrop.Restock.Tests.Support;
using Fairdrop.Restock.Waitlist;
using Fairdrop.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Restock.Tests.Rounds;

/// <summary>A round's waves see the stock less the units held for shoppers at that moment; a lapsed hold gives its units back.</summary>
public abstract class HeldStockContract(StorageProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly RestockOptions _options = new() { AlertsPerUnit = 1, WaveInterval = Interval, ChunkSize = 4, SoldOutNotice = true };
    private readonly List<ServiceProvider> _runners = [];
    private TestDatabase _db = null!;
    private RestockStack _stack = null!;
    private HoldService _holds = null!;
    private DispatchHandoff _handoff = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(provider);
        _stack = await RestockStack.CreateAsync(_db, _time, _options);
        _holds = new HoldService(_db.Factory, _stack.Ids, _time);
        _handoff = new DispatchHandoff(Options.Create(new ExchangeOptions()), _time);
    }

    public async Task DisposeAsync()
    {
        await ((ServiceProvider)_stack.Exchange).DisposeAsync();
        foreach (var runner in _runners)
        {
            await runner.DisposeAsync();
        }

        await _db.DisposeAsync();
    }

    [SkippableFact]
    public async Task Wave_AfterAHold_OneAlertFewerPerHeldUnit_UntilTheHoldLapses()
    {
        await RestockedAsync(subscribers: 10, stock: 3);
        await HoldAsync(units: 1, minutes: 10);

        var first = await Runner().AdvanceAsync(default);
        _time.Advance(Interval);
        var second = await Runner().AdvanceAsync(default);

        Assert.Equal((1, 2L), (first.Opened, first.Alerts)); // 3 in stock, 1 held: 2 alerts at one per unit
        Assert.Equal(3L, second.Alerts);                    // the hold lapsed: its unit is the wave's again
    }

    [SkippableFact]
    public async Task Wave_EveryUnitHeld_WaitsForTheFirstHoldToLapse_NotSoldOut()
    {
        await RestockedAsync(subscribers: 4, stock: 1);
        var hold = await HoldAsync(units: 1, minutes: 5);

        var held = await Runner().AdvanceAsync(default);
        var status = (await _stack.Products.GetAsync(_stack.Merchant, "sku-1", default))!.Status;
        var nextWaveAt = await ScalarAsync<long>("SELECT next_wave_at FROM restock_rounds");
        _time.Advance(TimeSpan.FromMinutes(5));
        var lapsed = await Runner().AdvanceAsync(default);

        Assert.Equal((0L, 0), (held.Alerts, held.Paused));
        Assert.Equal(Product.Alerting, status);
        Assert.Equal(hold.ExpiresAt.ToUnixTimeMilliseconds(), nextWaveAt);
        Assert.Equal(1L, lapsed.Alerts);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT COUNT(*) FROM exchange_distributions WHERE idempotency_key LIKE '%:sold-out'"));
    }

    [SkippableFact]
    public async Task Wave_HeldUnitSold_PausesSoldOut()
    {
        await RestockedAsync(subscribers: 4, stock: 1);
        await HoldAsync(units: 1, minutes: 5);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await _stack.Inventory.ReceiveAsync(_stack.Merchant, [new InventoryMessage("sold", "sku-1", 0)], default);

        var sold = await Runner().AdvanceAsync(default);

        Assert.Equal((0L, 1), (sold.Alerts, sold.Paused));
        Assert.Equal(Product.AwaitingRestock, (await _stack.Products.GetAsync(_stack.Merchant, "sku-1", default))!.Status);
    }

    private async Task RestockedAsync(int subscribers, long stock)
    {
        Assert.True((await _stack.Products.UpsertAsync(_stack.Merchant, [new ProductInput("sku-1", "SKU-1", "Red sneaker", null, null, 0)], default)).IsSuccess);
        for (var i = 0; i < subscribers; i++)
        {
            var result = await _stack.Waitlist.SubscribeAsync(_stack.Merchant, new SubscribeRequest("sku-1", "in_app", $"user-{i}", "Tell me"), default);
            Assert.True(result.IsSuccess, result.Error?.Message);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var restock = await _stack.Inventory.ReceiveAsync(_stack.Merchant, [new InventoryMessage("restock", "sku-1", stock)], default);
        Assert.Equal(InventoryOutcome.Applied, restock.Value![0].Outcome);
    }

    private async Task<Hold> HoldAsync(int units, int minutes)
    {
        var result = await _holds.HoldAsync(_stack.Merchant, new HoldRequest("sku-1", units, TimeSpan.FromMinutes(minutes), $"key-{minutes}", "shopper-1"), default);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value!.Hold;
    }

    private RoundRunner Runner()
    {
        var services = RoundServices.Create(_db, _db.Factory, _time, _options, _handoff);
        _runners.Add(services);
        return services.GetRequiredService<RoundRunner>();
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await _db.Factory.OpenAsync(default);
        return await connection.QuerySingleAsync<T>(sql);
    }
}

public sealed class SqliteHeldStockTests() : HeldStockContract(StorageProvider.Sqlite);

public sealed class PostgresHeldStockTests() : HeldStockContract(StorageProvider.Postgres);
