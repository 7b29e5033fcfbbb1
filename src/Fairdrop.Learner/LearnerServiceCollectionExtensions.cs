using Fairdrop.Core;
using Fairdrop.Core.Hosting;
using Fairdrop.Core.Modules;
using Fairdrop.Exchange.Matching;
using Fairdrop.Learner.Decisions;
using Fairdrop.Learner.Evaluation;
using Fairdrop.Learner.Updates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fairdrop.Learner;

/// <summary>Registers the learner: its tables, the exchange's learned-delivery chooser, the service and, unless turned off, its worker.</summary>
public static class LearnerServiceCollectionExtensions
{
    public static IServiceCollection AddFairdropLearner(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LearnerOptions>().Bind(configuration.GetSection(LearnerOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddMigrations("learner", typeof(LearnerServiceCollectionExtensions).Assembly);
        services.AddSingleton<IDeliveryChooser, LearnedDeliveryChooser>();
        services.TryAddSingleton<LearnerUpdater>();
        services.TryAddSingleton<PriorRefit>();
        services.TryAddSingleton<LoggedEvaluation>();
        services.TryAddSingleton<LearnerWorker>();
        services.TryAddModuleService<LearnerService>();
        services.AddOptionalHostedService<LearnerWorker>(sp => sp.GetRequiredService<IOptions<LearnerOptions>>().Value.RunWorkers);
        return services;
    }
}
