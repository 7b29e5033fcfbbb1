using Fairdrop.Core.Ids;
using Fairdrop.Core.Outbound;
using Fairdrop.Core.Shoppers;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Storage.Migrations;
using Fairdrop.Core.Tenancy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fairdrop.Core;

/// <summary>Registers the foundation: clock, ids, storage, migrations, tenancy, shopper tokens and the outbound guard.</summary>
public static class CoreServiceCollectionExtensions
{
    public static IServiceCollection AddFairdropCore(this IServiceCollection services, IConfiguration configuration)
    {
        DapperTypeHandlers.Register();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IdGenerator>();
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<OperatorOptions>().Bind(configuration.GetSection(OperatorOptions.Section)).ValidateOnStart();
        services.AddOptions<OutboundOptions>()
            .Bind(configuration.GetSection(OutboundOptions.Section))
            .Validate(o => AllowList.TryCreate(o) is not null, $"{OutboundOptions.Section}: AllowedHosts entries must be host names or *.suffix patterns, AllowedNetworks entries CIDR ranges or addresses.")
            .ValidateOnStart();
        services.TryAddSingleton<OutboundGuard>();
        services.TryAddSingleton(CreateConnectionFactory);
        services.TryAddSingleton<BulkWriter>();
        services.TryAddSingleton<MigrationRunner>();
        services.AddMigrations("core", typeof(CoreServiceCollectionExtensions).Assembly);
        services.TryAddSingleton<MerchantStore>();
        services.TryAddSingleton<ShopperSecretStore>();
        services.TryAddSingleton<ShopperTokenVerifier>();
        services.TryAddSingleton<Staff.StaffStore>();
        services.TryAddSingleton(sp => new Staff.StaffService(sp.GetRequiredService<Staff.StaffStore>(), sp.GetRequiredService<IdGenerator>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Adds a module's embedded migrations; modules call this in dependency order.</summary>
    public static IServiceCollection AddMigrations(this IServiceCollection services, string module, System.Reflection.Assembly assembly)
    {
        services.AddSingleton(new MigrationSource(module, assembly));
        return services;
    }

    private static DbConnectionFactory CreateConnectionFactory(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        return options.Provider == StorageProvider.Postgres
            ? new PostgresConnectionFactory(options.Postgres!)
            : new SqliteConnectionFactory(options.SqlitePath);
    }
}
