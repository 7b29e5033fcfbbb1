using Fairdrop.Batch;
using Fairdrop.Batch.Definition;
using Fairdrop.Batch.Repository;
using Fairdrop.Batch.Running;
using Fairdrop.Batch.Telemetry;
using Fairdrop.Core;
using Fairdrop.Core.Hosting;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// In the DI namespace, as ASP.NET Core's own AddXxx methods are, so composing modules needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the batch framework; modules then add their jobs with <c>AddBatchJob</c>.</summary>
public static class BatchServiceCollectionExtensions
{
    public static IServiceCollection AddFairdropBatch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BatchOptions>()
            .Bind(configuration.GetSection(BatchOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMigrations("batch", typeof(BatchServiceCollectionExtensions).Assembly);
        services.TryAddSingleton(sp => new JobRegistry(sp.GetServices<JobDefinition>()));
        services.TryAddSingleton<BatchMetrics>();
        services.TryAddSingleton(sp => new JobRepository(sp.GetRequiredService<DbConnectionFactory>(), sp.GetRequiredService<IdGenerator>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<BatchRuntime>();
        services.TryAddSingleton(sp => new JobLauncher(sp.GetRequiredService<BatchRuntime>()));
        services.TryAddSingleton(sp => new BatchWorker(sp.GetRequiredService<BatchRuntime>(), sp.GetRequiredService<JobLauncher>()));
        services.TryAddSingleton<BatchScheduler>();
        services.TryAddSingleton(sp => new BackgroundExecutions(sp.GetRequiredService<JobLauncher>()));
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundExecutions>());
        // Whether they run is BatchOptions.RunWorkers, read from the bound, validated options when the host starts.
        // AddSingleton, not AddHostedService: that one adds a factory once per returned type, so a second switch would be dropped.
        services.AddOptionalHostedService<BatchWorker>(sp => sp.GetRequiredService<IOptions<BatchOptions>>().Value.RunWorkers);
        services.AddOptionalHostedService<BatchScheduler>(sp => sp.GetRequiredService<IOptions<BatchOptions>>().Value.RunWorkers);

        return services;
    }

    /// <summary>
    /// Adds a job whose definition reads services (its module's options, bound and validated): defined when the job
    /// registry is first built, not while services are still being registered.
    /// </summary>
    public static IServiceCollection AddBatchJob(this IServiceCollection services, string name, Action<JobBuilder, IServiceProvider> define)
    {
        services.AddSingleton(sp =>
        {
            var builder = new JobBuilder(name);
            define(builder, sp);
            return builder.Build();
        });
        return services;
    }

    /// <summary>Adds a job, defined with a <see cref="JobBuilder"/>.</summary>
    public static IServiceCollection AddBatchJob(this IServiceCollection services, string name, Action<JobBuilder> define)
    {
        var builder = new JobBuilder(name);
        define(builder);
        services.AddSingleton(builder.Build());
        return services;
    }
}
