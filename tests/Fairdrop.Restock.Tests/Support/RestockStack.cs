using Fairdrop.Core;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Storage.Migrations;
using Fairdrop.Core.Tenancy;
using Fairdrop.Exchange;
using Fairdrop.Exchange.Intake;
using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Inventory;
using Fairdrop.Restock.Waitlist;
using Fairdrop.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fairdrop.Restock.Tests.Support;

/// <summary>Restock's services over a migrated test database, and a merchant to work for.</summary>
internal sealed record RestockStack(IdGenerator Ids, InventoryService Inventory, ProductStore Products, WaitlistService Waitlist, Guid Merchant)
{
    /// <summary>The exchange's public services over the same database, as the host composes them: its intake, tallies, click tracking.</summary>
    public required IServiceProvider Exchange { get; init; }

    public ExchangeIntake Intake => Exchange.GetRequiredService<ExchangeIntake>();

    /// <summary>The exchange as the host composes it (no workers), over <paramref name="db"/>, on <paramref name="time"/>.</summary>
    public static ServiceProvider ExchangeServices(TestDatabase db, TimeProvider time)
    {
        var settings = new Dictionary<string, string?>(db.Settings) { ["Fairdrop:Exchange:RunWorkers"] = "false" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time);
        services.AddFairdropCore(configuration);
        services.AddFairdropExchange(configuration);
        return services.BuildServiceProvider();
    }

    public static async Task<RestockStack> CreateAsync(TestDatabase db, TimeProvider time, RestockOptions restock)
    {
        DapperTypeHandlers.Register();
        await new MigrationRunner(db.Factory,
            [
                new MigrationSource("core", typeof(CoreServiceCollectionExtensions).Assembly),
                new MigrationSource("batch", typeof(Fairdrop.Batch.BatchOptions).Assembly),
                new MigrationSource("exchange", typeof(ExchangeOptions).Assembly),
                new MigrationSource("restock", typeof(RestockOptions).Assembly),
            ],
            time, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);
        var ids = new IdGenerator(time);
        var options = Options.Create(restock);
        var inventory = new InventoryService(db.Factory, time, options);
        var products = new ProductStore(db.Factory, ids, time, inventory);
        var exchange = ExchangeServices(db, time);
        var waitlist = new WaitlistService(db.Factory, ids, time, new RestockSettingsStore(db.Factory, time), options, exchange.GetRequiredService<ExchangeIntake>());
        var merchant = (await new MerchantStore(db.Factory, ids, time).CreateAsync("Shop", CancellationToken.None)).Merchant.Id;
        return new RestockStack(ids, inventory, products, waitlist, merchant) { Exchange = exchange };
    }
}
