using Fairdrop.Batch;
using Fairdrop.Batch.Definition;
using Fairdrop.Core;
using Fairdrop.Restock.Analytics;
using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Inventory;
using Fairdrop.Restock.Rounds;
using Fairdrop.Restock.Shopify;
using Fairdrop.Restock.Waitlist;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fairdrop.Restock;

/// <summary>
/// Registers restock: catalog, waitlists, inventory, analytics, the scheduled batch job <c>restock-rounds</c> (opens
/// rounds and runs the due ones), the job each round is, <c>restock-round</c> (<see cref="RoundJob"/>), and the job a
/// very large wave is on PostgreSQL, <c>restock-wave</c> (<see cref="WaveJob"/>).
/// </summary>
public static class RestockServiceCollectionExtensions
{
    public const string JobName = "restock-rounds";

    public static IServiceCollection AddFairdropRestock(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RestockOptions>()
            .Bind(configuration.GetSection(RestockOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMigrations("restock", typeof(RestockServiceCollectionExtensions).Assembly);
        services.TryAddSingleton<RestockSettingsStore>();
        services.TryAddSingleton<InventoryService>();
        services.TryAddSingleton<ProductStore>();
        services.TryAddSingleton<WaitlistService>();
        services.TryAddSingleton<RoundRunner>();
        services.TryAddSingleton<RestockAnalytics>();
        services.TryAddSingleton<RestockReport>();
        services.TryAddSingleton<SubscribeRateLimiter>();
        services.TryAddSingleton<StorefrontWaitlist>();
        services.TryAddSingleton<ShopifyWebhooks>();
        var interval = configuration.GetSection(RestockOptions.Section).GetValue(nameof(RestockOptions.JobInterval), TimeSpan.FromSeconds(30));
        services.AddBatchJob(JobName, job => job
            .Describe("Opens restock rounds for restocked products and writes every due wave of alerts to the exchange.")
            .Task("advance", (context, ct) => context.Services.GetRequiredService<RoundRunner>().AdvanceAsync(ct))
            .Schedule(JobSchedule.Every(interval)));
        services.AddBatchJob(RoundJob.Name, RoundJob.Define);
        var threads = configuration.GetSection(RestockOptions.Section).GetValue(nameof(RestockOptions.WavePartitionThreads), 2);
        services.AddBatchJob(WaveJob.Name, job => WaveJob.Define(job, threads));
        return services;
    }
}
