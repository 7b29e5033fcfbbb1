using Fairdrop.Core;
using Fairdrop.Core.Storage.Migrations;
using Fairdrop.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Cli;

/// <summary>The services a command needs to work on the database without starting the web host.</summary>
internal static class CommandServices
{
    public static ServiceProvider Create(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? replace = null)
    {
        var configuration = FairdropConfiguration.BuildForCommand(settings);
        var services = new ServiceCollection();
        // Commands print their own output; only warnings from the libraries reach stderr.
        services.AddLogging(logging => logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(configuration);
        services.AddFairdropCore(configuration);
        services.AddFairdropModules(configuration);
        replace?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Services over a database whose schema is current; unreachable databases become a one-line error.</summary>
    public static async Task<ServiceProvider> CreateMigratedAsync(
        IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken, Action<IServiceCollection>? replace = null)
    {
        var services = Create(settings, replace);
        try
        {
            await services.GetRequiredService<MigrationRunner>().ApplyAsync(cancellationToken);
            return services;
        }
        catch (Exception exception) when (StartupErrors.Explain(exception, ServeCommand.DescribeDatabase(services)) is { } explained)
        {
            await services.DisposeAsync();
            throw explained;
        }
    }
}
