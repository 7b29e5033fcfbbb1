using Dapper;
using Fairdrop.Batch;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Engagement;
using Fairdrop.Restock.Analytics;
using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Inventory;
using Fairdrop.Restock.Rounds;
using Fairdrop.Restock.Tests.Support;
using Fairdrop.Restock.Waitlist;
using Fairdrop.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Restock.Tests.Rounds;

/// <summary>Subscribe → inventory → rounds → exchange deliveries, on a real database, with time moved by hand.</summary>
public abstract class RestockFlowContract(StorageProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly RestockOptions _options = new() { AlertsPerUnit = 3, WaveInterval = TimeSpan.FromMinutes(15), ChunkSize = 4 };
    private TestDatabase _db = null!;
    private IdGenerator _ids = null!;
    private InventoryService _inventory = null!;
    private ProductStore _products = null!;
    private WaitlistService _waitlist = null!;
    private Guid _merchant;
    private DispatchHandoff _handoff = null!;
    private RestockStack _stack = null!;
    private readonly List<ServiceProvider> _runners = [];

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(provider);
        _stack = await RestockStack.CreateAsync(_db, _time, _options);
        (_ids, _inventory, _products, _waitlist, _merchant) = _stack;
        _handoff = new DispatchHandoff(Options.Create(new ExchangeOptions { DispatchBatchSize = 1 }), _time);
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
    public async Task Restock_WavesSizedToStock_EachSubscriberAlertedOnceThroughTheExchange()
    {
        await CatalogAsync(available: 0);
        var subscribers = await SubscribeAsync(10);
        Assert.Equal(Product.AwaitingRestock, (await _products.GetAsync(_merchant, "sku-1", default))!.Status);

        await InventoryAsync("e1", 2);
        Assert.Equal(Product.Restocked, (await _products.GetAsync(_merchant, "sku-1", default))!.Status);
        var first = await RunnerAsync().AdvanceAsync(default);
        _time.Advance(TimeSpan.FromMinutes(15));
        var second = await RunnerAsync().AdvanceAsync(default);

        Assert.Equal((1, 6L), (first.Opened, first.Alerts)); // ceil(2 × 3)
        Assert.Equal(4, second.Alerts);
        Assert.Equal(1, second.Completed);
        var alerted = await AlertedInOrderAsync();
        Assert.Equal(subscribers, alerted); // oldest first, nobody skipped or twice
        await using var connection = await _db.Factory.OpenAsync(default);
        var deliveries = await connection.QuerySingleAsync<long>(
            "SELECT COUNT(DISTINCT d.recipient_id) FROM exchange_deliveries d JOIN exchange_distributions x ON x.id = d.distribution_id WHERE x.source = 'restock' AND d.status = 'scheduled'");
        var keys = (await connection.QueryAsync<string>("SELECT idempotency_key FROM exchange_distributions ORDER BY created_at")).ToList();
        Assert.Equal(10, deliveries);
        Assert.Equal(2, keys.Count);
        Assert.All(keys, k => Assert.StartsWith("restock:", k, StringComparison.Ordinal));
        Assert.Equal(Product.None, (await _products.GetAsync(_merchant, "sku-1", default))!.Status);
    }

    [SkippableFact]
    public async Task WithADispatchLoopRunning_DueDeliveriesAreWrittenClaimedAndHandedOver_AsManyAsItHasRoomFor()
    {
        await CatalogAsync(available: 0);
        await SubscribeAsync(10);
        await InventoryAsync("e1", 2);
        using (_handoff.Attach())
        {
            // One loop, batches of 1: room for 4 claimed deliveries; the wave's other 2 are written scheduled.
            var now = _time.GetUtcNow();
            var round = await RunnerAsync().AdvanceAsync(default);
            Assert.Equal(6L, round.Alerts);
            var handed = _handoff.Take(100);

            await using var connection = await _db.Factory.OpenAsync(default);
            var sending = (await connection.QueryAsync<(Guid Id, long? ClaimedUntil)>(
                "SELECT id, claimed_until FROM exchange_deliveries WHERE status = 'sending' ORDER BY id")).ToList();
            Assert.Equal(4, handed.Count);
            Assert.Equal(handed.Select(h => h.Id).Order(), sending.Select(s => s.Id));
            Assert.All(sending, s => Assert.Equal((now + new ExchangeOptions().ClaimLease).ToUnixTimeMilliseconds(), s.ClaimedUntil));
            Assert.Equal(2L, await connection.QuerySingleAsync<long>("SELECT COUNT(*) FROM exchange_deliveries WHERE status = 'scheduled'"));
        }

        // With no loop running nothing is claimed for it: the next wave's deliveries wait for the ordinary claim.
        _time.Advance(TimeSpan.FromMinutes(15));
        var second = await RunnerAsync().AdvanceAsync(default);
        Assert.Equal(4, second.Alerts);
        Assert.Empty(_handoff.Take(100));
        await using var check = await _db.Factory.OpenAsync(default);
        Assert.Equal(6L, await check.QuerySingleAsync<long>("SELECT COUNT(*) FROM exchange_deliveries WHERE status = 'scheduled'"));
    }

    [SkippableFact]
    public async Task SoldOutMidRound_Pauses_ThenResumesWhereItStopped()
    {
        await CatalogAsync(available: 0);
        var subscribers = await SubscribeAsync(8);
        await InventoryAsync("e1", 1);
        await RunnerAsync().AdvanceAsync(default);                  // wave 1: 3 alerts
        await InventoryAsync("e2", 0);
        _time.Advance(TimeSpan.FromMinutes(15));
        var paused = await RunnerAsync().AdvanceAsync(default);

        Assert.Equal(1, paused.Paused);
        Assert.Equal(Product.AwaitingRestock, (await _products.GetAsync(_merchant, "sku-1", default))!.Status);
        Assert.Equal(subscribers.Take(3), await AlertedInOrderAsync());

        await InventoryAsync("e3", 1);
        await InventoryAsync("e3", 50);                              // a duplicate event id changes nothing
        var resumed = await RunnerAsync().AdvanceAsync(default);

        Assert.Equal(0, resumed.Opened - 1); // the paused round resumed, no new round
        Assert.Equal(subscribers.Take(6), await AlertedInOrderAsync());
        await using var connection = await _db.Factory.OpenAsync(default);
        Assert.Equal(1, await connection.QuerySingleAsync<long>("SELECT COUNT(*) FROM restock_rounds"));
    }

    [SkippableFact]
    public async Task SoldOutNotice_OnEachPause_TellsAlertedShoppersWhoDidNotBuy_OncePerRound()
    {
        _options.SoldOutNotice = true;
        await CatalogAsync(available: 0);
        await SubscribeAsync(8);
        await InventoryAsync("e1", 1);
        await RunnerAsync().AdvanceAsync(default);                  // wave 1: shoppers 0, 1, 2
        var analytics = Analytics();
        Assert.True((await analytics.PurchaseAsync(_merchant, "order-1", "sku-1", 1, 20, "shopper1@example.com", null, default)).Value);
        await InventoryAsync("e2", 0);
        _time.Advance(TimeSpan.FromMinutes(15));
        await RunnerAsync().AdvanceAsync(default);                  // paused: 0 and 2 missed out

        var first = await SoldOutNoticesAsync();
        await InventoryAsync("e3", 1);
        await RunnerAsync().AdvanceAsync(default);                  // resumed: shoppers 3, 4, 5
        await InventoryAsync("e4", 0);
        _time.Advance(TimeSpan.FromMinutes(15));
        await RunnerAsync().AdvanceAsync(default);                  // paused again: 3, 4, 5 are told; 0 and 2 not twice

        Assert.Equal(2, first.Count);
        var all = await SoldOutNoticesAsync();
        Assert.Equal(5, all.Count);
        Assert.Equal(5, all.Distinct().Count());
        Assert.Superset(first.ToHashSet(), all.ToHashSet());
    }

    [SkippableFact]
    public async Task SoldOutNotice_Off_SendsNothingOnPause()
    {
        await CatalogAsync(available: 0);
        await SubscribeAsync(4);
        await InventoryAsync("e1", 1);
        await RunnerAsync().AdvanceAsync(default);
        await InventoryAsync("e2", 0);
        _time.Advance(TimeSpan.FromMinutes(15));

        Assert.Equal(1, (await RunnerAsync().AdvanceAsync(default)).Paused);
        Assert.Empty(await SoldOutNoticesAsync());
    }

    [SkippableFact]
    public async Task CursorSetBack_AlertsThatExist_GetNoSecondDelivery()
    {
        await CatalogAsync(available: 0);
        var subscribers = await SubscribeAsync(8);
        await InventoryAsync("e1", 1);
        await RunnerAsync().AdvanceAsync(default);                  // wave 1: shoppers 0, 1, 2
        await using var connection = await _db.Factory.OpenAsync(default);
        await connection.ExecuteAsync("UPDATE batch_step_executions SET checkpoint = NULL"); // the round's cursor
        _time.Advance(TimeSpan.FromMinutes(15));
        await RunnerAsync().AdvanceAsync(default);                  // wave 2 reads 0, 1, 2 again: every alert row exists
        _time.Advance(TimeSpan.FromMinutes(15));
        await RunnerAsync().AdvanceAsync(default);                  // wave 3: shoppers 3, 4, 5

        Assert.Equal(subscribers.Take(6), await AlertedInOrderAsync());
        var perRecipient = (await connection.QueryAsync<long>("SELECT COUNT(*) FROM exchange_deliveries GROUP BY recipient_id")).ToList();
        Assert.Equal(6, perRecipient.Count);
        Assert.All(perRecipient, n => Assert.Equal(1, n));
        // The round counts only the alerts that were new: wave 2 read three subscriptions and wrote none.
        Assert.Equal(6, await connection.ExecuteScalarAsync<long>("SELECT alerted FROM restock_rounds"));
        Assert.Equal(6, Assert.Single(await Analytics().FunnelAsync(_merchant, "sku-1", default)).Alerted);
    }

    [SkippableFact]
    public async Task CrashesAtEveryStep_StillAlertEachSubscriberExactlyOnce()
    {
        await CatalogAsync(available: 0);
        var subscribers = await SubscribeAsync(11);
        await InventoryAsync("e1", 2);                              // waves of 6, chunks of 4

        // Crash on the 1st, 2nd, 3rd… connection of successive runs; the next run takes the round's execution over once
        // the framework's lease on it expires, and resumes from its checkpoint.
        var crashes = 0;
        for (var crashAt = 1; crashAt <= 12; crashAt++)
        {
            try
            {
                await RunnerAsync(new CrashingConnections(_db.Factory, crashAt)).AdvanceAsync(default);
            }
            catch (SimulatedCrashException)
            {
                crashes++;
            }

            _time.Advance(new BatchOptions().LeaseDuration + TimeSpan.FromSeconds(1));
        }

        for (var i = 0; i < 4; i++)
        {
            await RunnerAsync().AdvanceAsync(default);
            _time.Advance(TimeSpan.FromMinutes(15));
        }

        Assert.True(crashes >= 4, $"only {crashes} crashes");
        Assert.Equal(subscribers, await AlertedInOrderAsync());
        await using var connection = await _db.Factory.OpenAsync(default);
        var perRecipient = (await connection.QueryAsync<long>("SELECT COUNT(*) FROM exchange_deliveries GROUP BY recipient_id")).ToList();
        Assert.Equal(11, perRecipient.Count);
        Assert.All(perRecipient, n => Assert.Equal(1, n));
    }

    [SkippableFact]
    public async Task BadInput_IsRefusedOrHarmless()
    {
        await CatalogAsync(available: 0);

        var unknown = await _waitlist.SubscribeAsync(_merchant, new SubscribeRequest("nope", "email", "a@b.co", "Tell me"), default);
        var malformed = await _waitlist.SubscribeAsync(_merchant, new SubscribeRequest("sku-1", "email", "not-an-email", "Tell me"), default);
        var noConsent = await _waitlist.SubscribeAsync(_merchant, new SubscribeRequest("sku-1", "email", "a@b.co", " "), default);
        var negative = await _inventory.ReceiveAsync(_merchant, [new InventoryMessage("x", "sku-1", -1)], default);
        var first = await _waitlist.SubscribeAsync(_merchant, new SubscribeRequest("sku-1", "email", "A@B.co", "Tell me"), default);
        var again = await _waitlist.SubscribeAsync(_merchant, new SubscribeRequest("sku-1", "email", "a@b.co", "Tell me"), default);
        var newer = await _inventory.ReceiveAsync(_merchant, [new InventoryMessage("n", "sku-1", 0, Start.AddMinutes(5))], default);
        var older = await _inventory.ReceiveAsync(_merchant, [new InventoryMessage("o", "sku-1", 9, Start.AddMinutes(1))], default);

        Assert.Equal(RestockErrors.UnknownProduct, unknown.Error?.Code);
        Assert.Equal("contact", malformed.Error?.Field);
        Assert.Equal("consentText", noConsent.Error?.Field);
        Assert.Equal("events[0].available", negative.Error?.Field);
        Assert.True(first.Value!.Created);
        Assert.False(again.Value!.Created);
        Assert.Equal(first.Value.Subscription.Id, again.Value.Subscription.Id);
        Assert.Equal(InventoryOutcome.Applied, newer.Value![0].Outcome);
        Assert.Equal(InventoryOutcome.Stale, older.Value![0].Outcome);
        Assert.Equal(0, (await _products.GetAsync(_merchant, "sku-1", default))!.Available);
    }

    [SkippableFact]
    public async Task QuietHours_KeepThePlace_AndDeferTheSend()
    {
        await CatalogAsync(available: 0);
        // 12:00 UTC is 21:00 in Tokyo: inside 20:00–08:00 quiet hours.
        await _waitlist.SubscribeAsync(_merchant, new SubscribeRequest("sku-1", "email", "night@x.co", "Tell me", "Asia/Tokyo", new TimeOnly(20, 0), new TimeOnly(8, 0)), default);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _waitlist.SubscribeAsync(_merchant, new SubscribeRequest("sku-1", "email", "day@x.co", "Tell me"), default);
        await InventoryAsync("e1", 1);

        await RunnerAsync().AdvanceAsync(default);

        await using var connection = await _db.Factory.OpenAsync(default);
        var sends = (await connection.QueryAsync<(string Contact, long SendAt)>(
            "SELECT s.contact, d.send_at FROM exchange_deliveries d JOIN restock_subscriptions s ON s.recipient_id = d.recipient_id JOIN restock_rounds r ON r.product_id = s.product_id AND d.source_key = 'restock:' || r.id || ':' || s.id ORDER BY s.created_at")).ToList();
        Assert.Equal(["night@x.co", "day@x.co"], sends.Select(s => s.Contact));
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 23, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), sends[0].SendAt); // 08:00 Tokyo
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), sends[1].SendAt);
    }

    [SkippableFact]
    public async Task Unsubscribe_WhileAlertWaitsForQuietHours_AlertDropped()
    {
        await CatalogAsync(available: 0);
        var night = await _waitlist.SubscribeAsync(_merchant, new SubscribeRequest("sku-1", "email", "night@x.co", "Tell me", "Asia/Tokyo", new TimeOnly(20, 0), new TimeOnly(8, 0)), default);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _waitlist.SubscribeAsync(_merchant, new SubscribeRequest("sku-1", "email", "day@x.co", "Tell me"), default);
        await InventoryAsync("e1", 1);
        await RunnerAsync().AdvanceAsync(default);

        Assert.True(await _waitlist.UnsubscribeAsync(night.Value!.Subscription.UnsubscribeToken, default));
        Assert.False(await _waitlist.UnsubscribeAsync("no-such-token", default));

        await using var connection = await _db.Factory.OpenAsync(default);
        var deliveries = (await connection.QueryAsync<(string Contact, string Status, string? Reason)>(
            """
            SELECT s.contact, d.status, d.reason FROM exchange_deliveries d JOIN restock_subscriptions s ON s.recipient_id = d.recipient_id JOIN restock_rounds r ON r.product_id = s.product_id AND d.source_key = 'restock:' || r.id || ':' || s.id
            ORDER BY s.created_at
            """)).ToList();
        Assert.Equal([("night@x.co", "dropped", "unsubscribed"), ("day@x.co", "scheduled", null)], deliveries);
    }

    [SkippableFact]
    public async Task Click_OnAnAlertsTrackedLink_RecordedOnceByTheExchange_CountedInTheFunnel()
    {
        await CatalogAsync(available: 0);
        await SubscribeAsync(4);
        await InventoryAsync("e1", 1);
        await RunnerAsync().AdvanceAsync(default);
        await using var connection = await _db.Factory.OpenAsync(default);
        var delivery = await connection.QueryFirstAsync<Guid>(
            "SELECT d.id FROM exchange_deliveries d JOIN restock_subscriptions s ON s.recipient_id = d.recipient_id JOIN restock_rounds r ON r.product_id = s.product_id AND d.source_key = 'restock:' || r.id || ':' || s.id ORDER BY s.created_at");
        var clicks = _stack.Exchange.GetRequiredService<ClickTracking>();

        // The alert's link is the product page, which the exchange signs into its redirect; following it records the click.
        Assert.Contains("href=\"{{ data.url }}\"", WaveContent.Content.Email!.Html, StringComparison.Ordinal);
        Assert.True(await clicks.RecordAsync(delivery, "https://shop.example/p/1", "Mozilla/5.0", default));
        Assert.False(await clicks.RecordAsync(delivery, "https://shop.example/p/1", "Mozilla/5.0", default));
        Assert.False(await clicks.RecordAsync(Guid.NewGuid(), "https://shop.example/p/1", null, default));

        var round = Assert.Single(await Analytics().FunnelAsync(_merchant, "sku-1", default));
        Assert.Equal((3L, 1L, 0L), (round.Alerted, round.Clicked, round.Sent)); // nothing sent yet: no dispatcher ran
    }

    [SkippableFact]
    public async Task Subscribe_BySms_RecipientFoundByPhoneForInboundStop()
    {
        await CatalogAsync(available: 0);

        var result = await _waitlist.SubscribeAsync(_merchant, new SubscribeRequest("sku-1", "sms", "+14155550123", "Text me when it is back"), default);

        Assert.True(result.IsSuccess, result.Error?.Message);
        await using var connection = await _db.Factory.OpenAsync(default);
        var phones = (await connection.QueryAsync<string?>(
            "SELECT r.phone FROM exchange_recipients r JOIN restock_subscriptions s ON s.recipient_id = r.id WHERE s.id = @Id",
            new { result.Value!.Subscription.Id })).ToList();
        Assert.Equal(["+14155550123"], phones); // the column inbound SMS (STOP, replies) look their sender up by
    }

    private async Task<List<Guid>> SoldOutNoticesAsync()
    {
        await using var connection = await _db.Factory.OpenAsync(default);
        return (await connection.QueryAsync<Guid>(
            "SELECT d.recipient_id FROM exchange_deliveries d JOIN exchange_distributions x ON x.id = d.distribution_id WHERE x.idempotency_key LIKE '%:sold-out'")).ToList();
    }

    private RoundRunner RunnerAsync(DbConnectionFactory? connections = null)
    {
        var services = RoundServices.Create(_db, connections ?? _db.Factory, _time, _options, _handoff);
        _runners.Add(services);
        return services.GetRequiredService<RoundRunner>();
    }

    private RestockAnalytics Analytics() => new(_db.Factory, _time, Options.Create(_options), _stack.Exchange.GetRequiredService<DistributionTallies>());

    private async Task CatalogAsync(long available)
    {
        var result = await _products.UpsertAsync(_merchant, [new ProductInput("sku-1", "SKU-1", "Red sneaker", "https://shop.example/p/1", null, available)], default);
        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    private async Task InventoryAsync(string eventId, long available)
    {
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await _inventory.ReceiveAsync(_merchant, [new InventoryMessage(eventId, "sku-1", available)], default);
        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    private async Task<List<Guid>> SubscribeAsync(int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var channel = i % 3 == 0 ? "in_app" : "email";
            var contact = channel == "email" ? $"shopper{i}@example.com" : $"user-{i}";
            var result = await _waitlist.SubscribeAsync(_merchant, new SubscribeRequest("sku-1", channel, contact, "Email me when it is back"), default);
            Assert.True(result.IsSuccess, result.Error?.Message);
            ids.Add(result.Value!.Subscription.Id);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        return ids;
    }

    private async Task<List<Guid>> AlertedInOrderAsync()
    {
        await using var connection = await _db.Factory.OpenAsync(default);
        return (await connection.QueryAsync<Guid>(
            "SELECT s.id FROM exchange_deliveries d JOIN restock_subscriptions s ON s.recipient_id = d.recipient_id JOIN restock_rounds r ON r.product_id = s.product_id AND d.source_key = 'restock:' || r.id || ':' || s.id ORDER BY s.created_at, s.id")).ToList();
    }
}

public sealed class SqliteRestockFlowTests() : RestockFlowContract(StorageProvider.Sqlite);

public sealed class PostgresRestockFlowTests() : RestockFlowContract(StorageProvider.Postgres);
