using Fairdrop.Core;
using Fairdrop.Core.Modules;
using Fairdrop.Core.Shoppers;
using Fairdrop.Drops.Entries;
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
        services.TryAddSingleton<DropService>();
        services.TryAddSingleton<DropCheckout>();
        services.TryAddSingleton<LateArrivalPlacer>();
        services.TryAddModuleService<DropCommands>();
        services.TryAddModuleService<DropQueries>();
        services.TryAddSingleton<UnverifiedEntryLimiter>();
        services.TryAddSingleton<StorefrontEntryGuard>();
        services.TryAddSingleton<IStorefrontClientReader, ConnectionClientReader>(); // the gate's reader wins when the gate is added first
        services.TryAddSingleton<StorefrontCallerReader>();
        services.AddHostedService<DropOpener>();
        return services;
    }
}
