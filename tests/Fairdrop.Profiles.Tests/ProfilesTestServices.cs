using Fairdrop.Core.Outbound;
using Fairdrop.Profiles.Fetching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fairdrop.Profiles.Tests;

/// <summary>The module's outbound pieces as the host builds them: Core's guard with the operator's allow-list, guarded clients.</summary>
internal static class ProfilesTestServices
{
    public static ServiceProvider Build(string[]? allowedNetworks = null, Action<ProfilesOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.Configure<OutboundOptions>(o =>
        {
            foreach (var network in allowedNetworks ?? [])
            {
                o.AllowedNetworks.Add(network);
            }
        });
        services.Configure<ProfilesOptions>(o => configure?.Invoke(o));
        services.AddSingleton<OutboundGuard>();
        services.AddHttpClient(ImageFetcher.ClientName).AddOutboundGuard();
        services.AddSingleton<ImageFetcher>();
        return services.BuildServiceProvider();
    }

    public static ImageFetcher Fetcher(this ServiceProvider services) => services.GetRequiredService<ImageFetcher>();

    public static ProfilesOptions Options(this ServiceProvider services) => services.GetRequiredService<IOptions<ProfilesOptions>>().Value;
}
