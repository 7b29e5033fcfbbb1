using Fairdrop.Core;
using Fairdrop.Core.Modules;
using Fairdrop.Core.Shoppers;
using Fairdrop.Drops.Beacons;
using Fairdrop.Drops.Entries;
using Fairdrop.Drops.Polling;
using Fairdrop.Drops.Sealing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fairdrop.Drops;

/// <summary>Registers fair drops: their tables, services, the storefront entry guard and the opener.</summary>
public static class DropsServiceCollectionExtensions
{
    public static IServiceCollection AddFairdropDrops(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DropsOptions>()
            .Bind(configuration.GetSection(DropsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMigrations("drops", typeof(DropsServiceCollectionExtensions).Assembly);
        services.TryAddSingleton<DropStore>();
        services.TryAddSingleton<DropCreator>();
        services.TryAddSingleton<DropService>();
        services.TryAddSingleton<DropCheckout>();
        services.TryAddSingleton<EntryPollView>();
        services.TryAddSingleton<LateArrivalPlacer>();
        services.TryAddSingleton<ScopeSealer>();
        services.TryAddSingleton<EntryBatcher>();
        AddBeacon(services, configuration);
        services.TryAddModuleService<DropCommands>();
        services.TryAddModuleService<DropQueries>();
        services.TryAddSingleton<UnverifiedEntryLimiter>();
        services.TryAddSingleton<StorefrontEntryGuard>();
        services.TryAddSingleton<IStorefrontClientReader, ConnectionClientReader>(); // the gate's reader wins when the gate is added first
        services.TryAddSingleton<StorefrontCallerReader>();
        services.TryAddSingleton<IGateVerdicts, NoGateVerdicts>(); // the gate's reader wins when the gate is added
        services.Replace(ServiceDescriptor.Singleton<IDropQueues, Fairness.DropQueueReader>()); // the queue the gate's recommender replays a rule against
        services.AddHostedService<DropOpener>();
        return services;
    }

    /// <summary>drand over HTTP when configured (drops then default to the beacon mode); otherwise none.</summary>
    private static void AddBeacon(IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DropsOptions.Section).Get<DropsOptions>() ?? new DropsOptions();
        if (!options.BeaconConfigured)
        {
            services.TryAddSingleton<IRandomnessBeacon, NoBeacon>();
            return;
        }

        var baseUrl = options.BeaconUrl!.ToString().TrimEnd('/') + "/";
        services.AddHttpClient<IRandomnessBeacon, DrandBeacon>(http =>
        {
            http.BaseAddress = new Uri(baseUrl);
            http.Timeout = TimeSpan.FromSeconds(5);
        });
    }
}
