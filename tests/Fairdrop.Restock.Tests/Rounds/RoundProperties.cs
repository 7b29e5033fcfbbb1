using Dapper;
using Fairdrop.Batch;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Inventory;
using Fairdrop.Restock.Rounds;
using Fairdrop.Restock.Tests.Support;
using Fairdrop.Restock.Waitlist;
using Fairdrop.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Fairdrop.Restock.Tests.Rounds;

/// <summary>
/// Over random stock sequences (sold out, restocked, trickling), random chunk sizes and policies, and runs that crash
/// at a random connection and are taken over once their lease lapses: after every step the alerted subscriptions are
/// a prefix of the round's audience in its order, each once with one delivery; at the end, the whole audience.
/// The seed is printed; set FAIRDROP_PROPERTY_SEED to replay one.
/// </summary>
public abstract class RoundProperties(StorageProvider provider, ITestOutputHelper output)
{
    private const int Trials = 10;
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 12, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task RandomStockPausesAndCrashes_AlertTheAudienceInOrder_EachOnce()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FAIRDROP_PROPERTY_SEED"), out var given) ? given : Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        for (var trial = 0; trial < Trials; trial++)
        {
            await TrialAsync(random, $"seed {seed}, trial {trial}");
        }
    }

    private async Task TrialAsync(Random random, string label)
    {
        var time = new FakeTimeProvider(Start);
        var options = new RestockOptions { AlertsPerUnit = random.Next(1, 4), WaveInterval = TimeSpan.FromMinutes(15), ChunkSize = random.Next(1, 8) };
        await using var db = await TestDatabase.CreateAsync(provider);
        var (_, inventory, products, waitlist, merchant) = await RestockStack.CreateAsync(db, time, options);
        var handoff = new DispatchHandoff(Options.Create(new ExchangeOptions()), time);
        Assert.True((await products.UpsertAsync(merchant, [new ProductInput("sku", "SKU", "Boot", "https://shop.example/boot", null, 0)], default)).IsSuccess);
        var audience = new List<Guid>();
        for (var i = 0; i < random.Next(5, 40); i++)
        {
            var subscribed = await waitlist.SubscribeAsync(merchant, new SubscribeRequest("sku", i % 3 == 0 ? "in_app" : "email", i % 3 == 0 ? $"u{i}" : $"s{i}@example.com", "Tell me"), default);
            audience.Add(subscribed.Value!.Subscription.Id);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var events = 0;
        async Task StockAsync(long available)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True((await inventory.ReceiveAsync(merchant, [new InventoryMessage($"e{events++}", "sku", available)], default)).IsSuccess);
        }

        var steps = new List<string>();
        for (var step = 0; step < random.Next(6, 16); step++)
        {
            var stock = random.Next(4) == 0 ? 0 : random.Next(1, 6);
            await StockAsync(stock);
            var crashAt = random.Next(3) == 0 ? random.Next(1, 20) : 0;
            steps.Add(crashAt > 0 ? $"{stock}/crash@{crashAt}" : $"{stock}");
            await RunAsync(db, crashAt > 0 ? new CrashingConnections(db.Factory, crashAt) : db.Factory, time, options, handoff);
            time.Advance(crashAt > 0 ? new BatchOptions().LeaseDuration + TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(random.Next(2) * 15));
            await AssertPrefixAsync(db, audience, complete: false, $"{label}, steps {string.Join(" ", steps)}");
        }

        await StockAsync(1_000);
        for (var i = 0; i < 50 && await CompletedAsync(db) == 0; i++)
        {
            await RunAsync(db, db.Factory, time, options, handoff);
            time.Advance(TimeSpan.FromMinutes(15));
        }

        await AssertPrefixAsync(db, audience, complete: true, $"{label}, steps {string.Join(" ", steps)}");
    }

    private static async Task RunAsync(TestDatabase db, DbConnectionFactory connections, TimeProvider time, RestockOptions options, DispatchHandoff handoff)
    {
        await using var services = RoundServices.Create(db, connections, time, options, handoff);
        try
        {
            await services.GetRequiredService<RoundRunner>().AdvanceAsync(default);
        }
        catch (SimulatedCrashException)
        {
        }
    }

    private static async Task AssertPrefixAsync(TestDatabase db, List<Guid> audience, bool complete, string label)
    {
        await using var connection = await db.Factory.OpenAsync(default);
        var alerted = (await connection.QueryAsync<Guid>(
            "SELECT s.id FROM exchange_deliveries d JOIN restock_subscriptions s ON s.recipient_id = d.recipient_id JOIN restock_rounds r ON r.product_id = s.product_id AND d.source_key = 'restock:' || r.id || ':' || s.id ORDER BY d.created_at, s.created_at, s.id")).ToList();
        var perRecipient = (await connection.QueryAsync<long>(
            "SELECT COUNT(*) FROM exchange_deliveries d JOIN exchange_distributions x ON x.id = d.distribution_id WHERE x.source = 'restock' GROUP BY d.recipient_id")).ToList();
        var withDelivery = await connection.QuerySingleAsync<long>("SELECT COUNT(*) FROM exchange_deliveries WHERE source_key IS NOT NULL");
        Assert.True(audience.Take(alerted.Count).SequenceEqual(alerted), $"{label}: alerted out of order or twice ({alerted.Count} of {audience.Count})");
        Assert.True(perRecipient.Count == alerted.Count && perRecipient.All(n => n == 1), $"{label}: deliveries {string.Join(",", perRecipient)} for {alerted.Count} alerts");
        Assert.Equal(alerted.Count, withDelivery);
        if (complete)
        {
            Assert.True(alerted.Count == audience.Count, $"{label}: {alerted.Count} of {audience.Count} alerted at the end");
            Assert.Equal(1, await CompletedAsync(db));
        }
    }

    private static async Task<long> CompletedAsync(TestDatabase db)
    {
        await using var connection = await db.Factory.OpenAsync(default);
        return await connection.QuerySingleAsync<long>("SELECT COUNT(*) FROM restock_rounds WHERE status = 'completed'");
    }
}

public sealed class SqliteRoundProperties(ITestOutputHelper output) : RoundProperties(StorageProvider.Sqlite, output);

public sealed class PostgresRoundProperties(ITestOutputHelper output) : RoundProperties(StorageProvider.Postgres, output);
