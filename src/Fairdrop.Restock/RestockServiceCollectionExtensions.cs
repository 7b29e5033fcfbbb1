using System.Diagnostics.Metrics;
using Fairdrop.Batch;
using Fairdrop.Batch.Definition;
using Fairdrop.Core;
using Fairdrop.Restock.Analytics;
using Fairdrop.Exchange.Series;
using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Holds;
using Fairdrop.Restock.Inventory;
using Fairdrop.Restock.Rounds;
using Fairdrop.Restock.Shopify;
using Fairdrop.Restock.Telemetry;
using Fairdrop.Restock.Waitlist;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Restock;

/// <summary>
/// Registers restock: catalog, waitlists, inventory, holds (also as the exchange's <see cref="ISeriesHolds"/>), analytics, the scheduled batch job <c>restock-rounds</c> (opens
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
        services.TryAddSingleton<HoldService>();
        // A series' hold action reaches restock's stock through the exchange's seam (the exchange cannot see inventory).
        services.TryAddSingleton<ISeriesHolds, RestockSeriesHolds>();
        services.AddMetrics();
        services.TryAddSingleton(sp => new RestockMetrics(sp.GetRequiredService<IMeterFactory>()));
        services.TryAddSingleton(sp => new StorefrontWaitlist(
            sp.GetRequiredService<RestockSettingsStore>(), sp.GetRequiredService<SubscribeRateLimiter>(), sp.GetRequiredService<WaitlistService>(),
            sp.GetRequiredService<RestockMetrics>(), sp.GetRequiredService<ILogger<StorefrontWaitlist>>()));
        services.TryAddSingleton(sp => new ShopifyWebhooks(
            sp.GetRequiredService<RestockSettingsStore>(), sp.GetRequiredService<ProductStore>(), sp.GetRequiredService<InventoryService>(),
            sp.GetRequiredService<RestockAnalytics>(), sp.GetRequiredService<HoldService>(), sp.GetRequiredService<RestockMetrics>(), sp.GetRequiredService<ILogger<ShopifyWebhooks>>()));
        // The jobs read the bound, validated options when the registry is built, so a bad interval is a startup error.
        services.AddBatchJob(JobName, (job, sp) => job
            .Describe("Opens restock rounds for restocked products and writes every due wave of alerts to the exchange.")
            .Task("advance", (context, ct) => AdvanceAsync(context.Services, ct))
            .Schedule(JobSchedule.Every(sp.GetRequiredService<IOptions<RestockOptions>>().Value.JobInterval)));
        services.AddBatchJob(RoundJob.Name, RoundJob.Define);
        services.AddBatchJob(WaveJob.Name, (job, sp) => WaveJob.Define(job, sp.GetRequiredService<IOptions<RestockOptions>>().Value.WavePartitionThreads));
        return services;
    }

    private static async Task AdvanceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var progress = await services.GetRequiredService<RoundRunner>().AdvanceAsync(cancellationToken);
        services.GetRequiredService<RestockMetrics>().Advanced(progress);
        if (progress != new RoundProgress(0, 0, 0, 0, 0))
        {
            var logger = services.GetRequiredService<ILogger<RoundRunner>>();
            Log.RoundsAdvanced(logger, progress.Opened, progress.Waves, progress.Alerts, progress.Paused, progress.Completed);
        }
    }
}
