using Fairdrop.Core;
using Fairdrop.Core.Hosting;
using Fairdrop.Core.Modules;
using Fairdrop.Core.Outbound;
using Fairdrop.Profiles.Fetching;
using Fairdrop.Profiles.Imaging;
using Fairdrop.Profiles.Networks;
using Fairdrop.Profiles.Rotations;
using Fairdrop.Profiles.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fairdrop.Profiles;

/// <summary>Registers profile images: tables, guarded clients, the network adapters, the services and the rotation worker.</summary>
public static class ProfilesServiceCollectionExtensions
{
    public static IServiceCollection AddFairdropProfiles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProfilesOptions>().Bind(configuration.GetSection(ProfilesOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddMigrations("profiles", typeof(ProfilesServiceCollectionExtensions).Assembly);
        // Both aim where a merchant says (an image URL, an instance), so both go through Core's outbound guard.
        services.AddHttpClient(ImageFetcher.ClientName).AddOutboundGuard();
        services.AddHttpClient(NetworkClients.Name, c =>
        {
            c.Timeout = TimeSpan.FromSeconds(30);
            // Answers (JSON, a Bluesky blob) are buffered: a network that sends more than any avatar or profile is cut off.
            c.MaxResponseContentBufferSize = NetworkClients.MaxResponseBytes;
        }).AddOutboundGuard();
        services.TryAddSingleton<ProfileStore>();
        services.TryAddSingleton<RotationStore>();
        services.TryAddSingleton<ImageFetcher>();
        services.TryAddSingleton<ProfileImages>();
        services.AddSingleton<INetworkAdapter, MastodonAdapter>();
        services.AddSingleton<INetworkAdapter, BlueskyAdapter>();
        services.AddSingleton<INetworkAdapter, WebhookAdapter>();
        services.TryAddSingleton<NetworkAdapters>();
        services.TryAddSingleton<IProfileMoments, NoProfileMoments>(); // the host's reader wins when it is added first
        services.AddMetrics();
        services.TryAddSingleton<ProfilesMetrics>();
        services.TryAddSingleton<RotationRunner>();
        services.TryAddSingleton<RotationWorker>();
        services.TryAddModuleService<ProfileService>();
        services.TryAddModuleService<RotationService>();
        services.AddOptionalHostedService<RotationWorker>(sp => sp.GetRequiredService<IOptions<ProfilesOptions>>().Value.RunWorkers);
        return services;
    }
}
