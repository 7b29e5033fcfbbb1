using Microsoft.Extensions.Configuration;

namespace Fairdrop.Hosting;

/// <summary>
/// One order of configuration for the web host and the command line alike: appsettings.json, then
/// <c>Fairdrop__*</c> and the short <c>FAIRDROP_*</c> variables, then the command's own options.
/// </summary>
internal static class FairdropConfiguration
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    private static readonly (string Variable, string Key)[] ShortVariables =
    [
        ("FAIRDROP_OPERATOR_KEY", "Fairdrop:OperatorKey"),
        ("FAIRDROP_POSTGRES", "Fairdrop:Storage:Postgres"),
        ("FAIRDROP_DATA", "Fairdrop:Storage:DataDirectory"),
        ("FAIRDROP_URLS", "urls"),
    ];

    public static IConfigurationBuilder AddFairdropSources(this IConfigurationBuilder builder, IReadOnlyDictionary<string, string?> overrides)
    {
        var fromShortVariables = new Dictionary<string, string?>();
        foreach (var (variable, key) in ShortVariables)
        {
            var value = Environment.GetEnvironmentVariable(variable);
            if (!string.IsNullOrEmpty(value))
            {
                fromShortVariables[key] = value;
            }
        }

        return builder.AddInMemoryCollection(fromShortVariables).AddInMemoryCollection(overrides);
    }

    /// <summary>Configuration for commands that work on the database without serving.</summary>
    public static IConfiguration BuildForCommand(IReadOnlyDictionary<string, string?> overrides) =>
        new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddFairdropSources(overrides)
            .Build();
}
