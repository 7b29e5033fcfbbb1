using Fairdrop.Core;
using Fairdrop.Core.Storage.Migrations;
using Fairdrop.Gate.Hosting;
using Fairdrop.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Gate.Tests;

/// <summary>The gate's services over a real, migrated database (SQLite or PostgreSQL), as a node would build them.</summary>
internal sealed class GateNodeServices : IAsyncDisposable
{
    private GateNodeServices(TestDatabase database, ServiceProvider services) => (Database, Services) = (database, services);

    public TestDatabase Database { get; }

    public ServiceProvider Services { get; }

    public static async Task<GateNodeServices> CreateAsync(Core.Storage.StorageProvider provider, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var all = new Dictionary<string, string?>(database.Settings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var services = new ServiceCollection().AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        services.AddFairdropCore(configuration).AddFairdropGate(configuration);
        var provided = services.BuildServiceProvider();
        await provided.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        return new GateNodeServices(database, provided);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
