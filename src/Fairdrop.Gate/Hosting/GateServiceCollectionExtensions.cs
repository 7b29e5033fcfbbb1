using Fairdrop.Core;
using Fairdrop.Core.Modules;
using Fairdrop.Core.Shoppers;
using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Language;
using Fairdrop.Gate.Recommendations;
using Fairdrop.Gate.Recommendations.Adopting;
using Fairdrop.Gate.Recommendations.Labels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fairdrop.Gate.Hosting;

/// <summary>Registers the traffic gate: rules, activity store, engine, decision log. Pair with <c>app.UseFairdropGate()</c>.</summary>
public static class GateServiceCollectionExtensions
{
    public static IServiceCollection AddFairdropGate(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GateOptions>().Bind(configuration.GetSection(GateOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ActivityOptions>().Bind(configuration.GetSection(GateOptions.Section + ":Activity")).ValidateDataAnnotations()
            .Validate(o => o.Store != "redis" || !string.IsNullOrWhiteSpace(o.Redis), "Fairdrop:Gate:Activity:Redis is required when the store is redis.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<GateMetrics>();
        services.TryAddSingleton<GateRequestReader>();
        // The gate knows the trusted proxies and the device cookie, so its reader wins over drops' fallback (the
        // connection's own address), whichever module registers first.
        services.Replace(ServiceDescriptor.Singleton<IStorefrontClientReader, GateStorefrontClientReader>());
        // Likewise its verdicts: a shopper the gate blocked or challenged enters drops as a suspected bot.
        services.Replace(ServiceDescriptor.Singleton<IGateVerdicts, Decisions.GateVerdictReader>());
        services.TryAddSingleton(sp =>
        {
            var activity = sp.GetRequiredService<IOptions<ActivityOptions>>().Value;
            var actions = sp.GetRequiredService<GateRequestReader>().Actions.ToList();
            return CompileContext.Default with { Horizon = activity.Horizon, KnownActions = actions, MaxEventsPerIdentity = activity.MaxEventsPerIdentity };
        });
        services.TryAddSingleton<RuleSetHolder>();
        services.TryAddSingleton<RuleCheckSlots>();
        services.TryAddSingleton<GateRulesService>();
        services.TryAddSingleton<MemoryActivityStore>();
        services.TryAddSingleton<IActivityStore>(sp => sp.GetRequiredService<IOptions<ActivityOptions>>().Value.Store == "redis"
            ? ActivatorUtilities.CreateInstance<RedisActivityStore>(sp)
            : sp.GetRequiredService<MemoryActivityStore>());
        services.TryAddSingleton<GateEngine>();
        services.TryAddSingleton<IGateFacts, ConfiguredGateFacts>();
        services.TryAddSingleton<DecisionQueue>();
        services.TryAddSingleton<IDecisionSink>(sp => sp.GetRequiredService<DecisionQueue>());
        services.TryAddSingleton<DecisionStore>();
        services.TryAddSingleton<LabelStore>();
        services.TryAddSingleton<ShadowTrialStore>();
        services.TryAddSingleton<IDropQueues, NoDropQueues>(); // drops' reader wins when drops are added
        services.TryAddModuleService<GateRecommendationService>();
        services.TryAddSingleton<RuleFileWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<RuleFileWatcher>());
        services.AddHostedService<DecisionWriter>();
        services.AddHostedService<ActivitySweeper>();
        services.AddMigrations("gate", typeof(GateServiceCollectionExtensions).Assembly);
        return services;
    }
}
