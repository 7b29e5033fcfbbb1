using Fairdrop.Core;
using Fairdrop.Core.Modules;
using Fairdrop.Core.Shoppers;
using Fairdrop.Exchange.Inbound;
using Fairdrop.SmsPrograms.Inbound;
using Fairdrop.SmsPrograms.Referrals;
using Fairdrop.SmsPrograms.Storage;
using Fairdrop.SmsPrograms.Storefront;
using Fairdrop.SmsPrograms.Subscribers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fairdrop.SmsPrograms;

/// <summary>Registers SMS programs: tables, the inbound-SMS handler on the exchange's seam, and the services. Add after the exchange (and after restock, whose publishable keys the storefront opt-in uses).</summary>
public static class SmsProgramsServiceCollectionExtensions
{
    public static IServiceCollection AddFairdropSmsPrograms(this IServiceCollection services)
    {
        services.AddMigrations("sms_programs", typeof(SmsProgramsServiceCollectionExtensions).Assembly);
        services.TryAddSingleton<ProgramStore>();
        services.TryAddSingleton<SequentialIds>();
        services.TryAddSingleton<ProgramDirectory>();
        services.TryAddSingleton<ProgramMessenger>();
        services.TryAddSingleton<ReferralLedger>();
        services.TryAddSingleton<SubscriptionFlow>();
        services.TryAddSingleton<WebOptIns>();
        services.TryAddSingleton<SignupLinks>();
        services.TryAddSingleton<OptInLimiter>();
        // Restock's publishable keys win when restock is added first, as the executable does.
        services.TryAddSingleton<IStorefrontKeys, NoStorefrontKeys>();
        // Bound from the host's configuration when it has one; the CLI's services have none, and take the defaults.
        services.AddOptions<SmsProgramsOptions>()
            .Configure<IServiceProvider>((options, sp) => sp.GetService<IConfiguration>()?.GetSection(SmsProgramsOptions.Section).Bind(options))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInboundBatchHandler, ProgramInbound>());
        services.TryAddModuleService<SmsProgramService>();
        services.TryAddModuleService<SmsAlertService>();
        services.TryAddModuleService<SmsProgramReports>();
        services.TryAddModuleService<StorefrontOptIns>();
        return services;
    }
}
