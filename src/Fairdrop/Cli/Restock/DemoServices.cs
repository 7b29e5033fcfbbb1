using Fairdrop.Core;
using Fairdrop.Core.Storage.Migrations;
using Fairdrop.Exchange.Channels;
using Fairdrop.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Cli.Restock;

/// <summary>
/// The services of <c>fairdrop demo</c>: those of any command, with the demo's clock in place of the system's and,
/// when no SMTP server is configured, emails written to a folder instead of sent.
/// </summary>
internal static class DemoServices
{
    public static async Task<ServiceProvider> CreateAsync(IReadOnlyDictionary<string, string?> settings, DemoClock clock, string? mailFolder, CancellationToken cancellationToken)
    {
        var configuration = FairdropConfiguration.BuildForCommand(settings);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(configuration);
        services.AddSingleton<TimeProvider>(clock);
        services.AddFairdropCore(configuration);
        services.AddFairdropModules(configuration);
        if (mailFolder is not null)
        {
            services.AddEmailPickupFolder(mailFolder);
        }

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        try
        {
            await provider.GetRequiredService<MigrationRunner>().ApplyAsync(cancellationToken);
            return provider;
        }
        catch (Exception exception) when (StartupErrors.Explain(exception, ServeCommand.DescribeDatabase(provider)) is { } explained)
        {
            await provider.DisposeAsync();
            throw explained;
        }
    }

    /// <summary>Whether an SMTP relay was configured (settings, environment or appsettings), so real email can go out.</summary>
    public static bool HasSmtp(IReadOnlyDictionary<string, string?> settings) =>
        FairdropConfiguration.BuildForCommand(settings)["Fairdrop:Exchange:Smtp:Host"] is { Length: > 0 };
}
