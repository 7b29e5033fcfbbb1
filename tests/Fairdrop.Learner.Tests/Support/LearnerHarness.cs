using Dapper;
using Fairdrop.Core;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Storage.Migrations;
using Fairdrop.Core.Tenancy;
using Fairdrop.Exchange;
using Fairdrop.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Learner.Tests.Support;

/// <summary>The exchange and the learner over a fresh real database (SQLite or PostgreSQL), a fake clock, no workers.</summary>
internal sealed class LearnerHarness : IAsyncDisposable
{
    private LearnerHarness(TestDatabase database, ServiceProvider services, FakeTimeProvider time, Guid merchantId)
    {
        Database = database;
        Services = services;
        Time = time;
        MerchantId = merchantId;
    }

    public static readonly DateTimeOffset Start = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);

    public TestDatabase Database { get; }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public Guid MerchantId { get; }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public static async Task<LearnerHarness> CreateAsync(StorageProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var values = new Dictionary<string, string?>(database.Settings) { ["Fairdrop:Exchange:RunWorkers"] = "false", ["Fairdrop:Learner:RunWorkers"] = "false" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var time = new FakeTimeProvider(Start);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddFairdropCore(configuration);
        services.AddFairdropExchange(configuration);
        services.AddFairdropLearner(configuration);
        var built = services.BuildServiceProvider();
        await built.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        var (merchant, _) = await built.GetRequiredService<MerchantStore>().CreateAsync("shop", CancellationToken.None);
        return new LearnerHarness(database, built, time, merchant.Id);
    }

    /// <summary>Engagement events as the exchange records them (its tables are written here only to stand in for real traffic).</summary>
    public async Task AddEventsAsync(Guid deliveryId, Guid recipientId, string channel, string kind, int count, DateTimeOffset at, string? device = null)
    {
        await using var connection = await Database.Factory.OpenAsync(CancellationToken.None);
        for (var i = 0; i < count; i++)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO exchange_engagement (id, merchant_id, delivery_id, distribution_id, recipient_id, channel, kind, device, detail, dedupe_key, occurred_at)
                VALUES (@id, @merchantId, @deliveryId, NULL, @recipientId, @channel, @kind, @device, NULL, @key, @at)
                """,
                new { id = Guid.CreateVersion7(at), merchantId = MerchantId, deliveryId, recipientId, channel, kind, device, key = $"{deliveryId}:{kind}:{Guid.NewGuid()}", at });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
