using Fairdrop.Batch.Running;
using Fairdrop.Core;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Storage.Migrations;
using Fairdrop.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Batch.Tests.Support;

/// <summary>The batch framework wired over a fresh real database, as a module would wire it, with the jobs a test defines.</summary>
internal sealed class BatchHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private BatchHarness(TestDatabase database, ServiceProvider services)
    {
        Database = database;
        _services = services;
    }

    public TestDatabase Database { get; }

    public IServiceProvider Services => _services;

    public JobLauncher Launcher => _services.GetRequiredService<JobLauncher>();

    public Repository.JobRepository Repository => _services.GetRequiredService<Repository.JobRepository>();

    public DbConnectionFactory Connections => Database.Factory;

    public static async Task<BatchHarness> CreateAsync(StorageProvider provider, Action<IServiceCollection> jobs, TimeProvider? time = null, string node = "test")
    {
        var database = await TestDatabase.CreateAsync(provider);
        var settings = new Dictionary<string, string?>(database.Settings)
        {
            ["Fairdrop:Batch:RunWorkers"] = "false",
            ["Fairdrop:Batch:NodeName"] = node,
            ["Fairdrop:Batch:PollInterval"] = "00:00:00.050",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        if (time is not null)
        {
            services.TryAddSingleton(time);
        }

        services.AddFairdropCore(configuration).AddFairdropBatch(configuration);
        jobs(services);
        var provider2 = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await provider2.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        return new BatchHarness(database, provider2);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
