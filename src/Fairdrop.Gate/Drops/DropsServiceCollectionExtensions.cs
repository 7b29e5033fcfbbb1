using Fairdrop.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fairdrop.Gate.Drops;

/// <summary>Registers fair drops: their tables, services and the opener.</summary>
public static class DropsServiceCollectionExtensions
{
    public static IServiceCollection AddFairdropDrops(this IServiceCollection services)
    {
        services.AddMigrations("drops", typeof(DropsServiceCollectionExtensions).Assembly, "Migrations/Drops/");
        services.TryAddSingleton<DropStore>();
        services.TryAddSingleton<DropService>();
        services.TryAddSingleton<DropCheckout>();
        services.TryAddSingleton<LateArrivalPlacer>();
        services.AddHostedService<DropOpener>();
        return services;
    }
}
