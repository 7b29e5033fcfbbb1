using System.CommandLine;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Storage.Migrations;
using Fairdrop.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fairdrop.Cli;

/// <summary><c>fairdrop serve</c>: the HTTP API, console and background workers in one process.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var storage = new StorageArguments();
        var urls = new Option<string?>("--urls")
        {
            Description = $"Addresses to listen on, separated by ';' (default: {FairdropConfiguration.DefaultUrls}). Also FAIRDROP_URLS.",
            HelpName = "URLS",
        };
        var command = new Command("serve", "Run the HTTP API, the merchant console and the background workers. Any --Section:Key=value argument sets that configuration key.")
        {
            // Extra --Key=value tokens are ASP.NET Core configuration, passed to the host as they are.
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Options.Add(urls);
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = storage.ToSettings(parseResult);
            if (parseResult.GetValue(urls) is { Length: > 0 } listen)
            {
                settings["urls"] = listen;
            }

            await RunAsync([.. parseResult.UnmatchedTokens], settings, cancellationToken);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(string[] hostArgs, Dictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var app = FairdropWebApp.Build(hostArgs, settings);
        await using (app)
        {
            try
            {
                // Migrate before starting, so a broken database is one clear line rather than a host failure log.
                await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(cancellationToken);
                await app.StartAsync(cancellationToken);
                EmailDefaults.Announce(app.Services);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                var database = DescribeDatabase(app.Services);
                throw StartupErrors.Explain(exception, database) ?? throw new StartupException($"cannot start: {exception.Message}", 1, exception);
            }

            await app.WaitForShutdownAsync(cancellationToken);
        }
    }

    internal static string DescribeDatabase(IServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<DbConnectionFactory>().Description;
        }
        catch (Exception other) when (other is InvalidConnectionStringException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return $"unavailable: {other.Message}";
        }
    }
}
