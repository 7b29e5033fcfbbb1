using Fairdrop.Core.Storage;
using Fairdrop.Exchange;
using Fairdrop.Exchange.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Hosting;

/// <summary>
/// With no SMTP server configured, email goes into a pickup folder beside the database (one .eml per message) instead
/// of failing every delivery against a relay that is not there; configuring <c>Fairdrop:Exchange:Smtp:Host</c> sends
/// over SMTP. <c>serve</c> says which at start.
/// </summary>
internal static partial class EmailDefaults
{
    public static void Apply(IServiceCollection services, IConfiguration configuration)
    {
        if (configuration[$"{ExchangeOptions.Section}:Smtp:Host"] is { Length: > 0 })
        {
            return;
        }

        var dataDirectory = configuration[$"{StorageOptions.Section}:DataDirectory"] is { Length: > 0 } configured ? configured : new StorageOptions().DataDirectory;
        services.AddEmailPickupFolder(Path.GetFullPath(Path.Combine(dataDirectory, "mail")));
    }

    /// <summary>Says at start where email goes when it is not sent, so nobody waits for mail that is in a folder.</summary>
    public static void Announce(IServiceProvider services)
    {
        if (services.GetRequiredService<TransactionalEmail>().PickupFolder is { } folder)
        {
            LogPickupFolder(services.GetRequiredService<ILoggerFactory>().CreateLogger("Fairdrop.Email"), folder);
        }
    }

    [LoggerMessage(EventId = HostEventIds.EmailToPickupFolder, Level = LogLevel.Warning,
        Message = "No SMTP server is configured (Fairdrop:Exchange:Smtp:Host): emails are written as .eml files to {Folder}")]
    private static partial void LogPickupFolder(ILogger logger, string folder);
}
