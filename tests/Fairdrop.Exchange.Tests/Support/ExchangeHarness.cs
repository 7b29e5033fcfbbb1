using Fairdrop.Core;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Storage.Migrations;
using Fairdrop.Core.Tenancy;
using Fairdrop.Exchange;
using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Senders;
using Fairdrop.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Exchange.Tests.Support;

/// <summary>The exchange's services over a fresh real database, with a fake clock and no background workers.</summary>
internal sealed class ExchangeHarness : IAsyncDisposable
{
    private ExchangeHarness(TestDatabase database, ServiceProvider services, FakeTimeProvider time, Guid merchantId)
    {
        Database = database;
        Services = services;
        Time = time;
        MerchantId = merchantId;
    }

    public TestDatabase Database { get; }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public Guid MerchantId { get; }

    /// <summary>Settings that allow-list 127.0.0.1 for the outbound guard, as an operator would an internal host, for tests whose receivers run in Kestrel on loopback.</summary>
    public static Dictionary<string, string?> AllowLoopback() => new() { ["Fairdrop:Outbound:AllowedNetworks:0"] = "127.0.0.1" };

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public static async Task<ExchangeHarness> CreateAsync(StorageProvider provider = StorageProvider.Sqlite, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var values = new Dictionary<string, string?>(database.Settings) { ["Fairdrop:Exchange:RunWorkers"] = "false", ["Fairdrop:Exchange:RetryBase"] = "00:00:10" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 5, 12, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddFairdropCore(configuration);
        services.AddFairdropExchange(configuration);
        configure?.Invoke(services);
        var provider2 = services.BuildServiceProvider();
        await provider2.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        var (merchant, _) = await provider2.GetRequiredService<MerchantStore>().CreateAsync("shop", CancellationToken.None);
        return new ExchangeHarness(database, provider2, time, merchant.Id);
    }

    public async Task<Sender> AddSenderAsync(SenderRules rules)
    {
        var now = Time.GetUtcNow();
        var sender = new Sender(Guid.CreateVersion7(now), MerchantId, "Shop", "Shop brand", "news@shop.example", "help@shop.example", rules, WebhookSigner.NewSecret(), now, now);
        await Get<SenderStore>().InsertAsync(sender, CancellationToken.None);
        return sender;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
