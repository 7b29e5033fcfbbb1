using Fairdrop.Core.Outbound;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fairdrop.Exchange.Channels.WebPush;

/// <summary>Registers the web push channel, its subscription store and its VAPID keys.</summary>
public static class WebPushServiceCollectionExtensions
{
    public static IServiceCollection AddWebPushChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebPushOptions>()
            .Bind(configuration.GetSection(WebPushOptions.Section))
            .ValidateDataAnnotations()
            .Validate(
                o => (o.PublicKey is null && o.PrivateKey is null) || VapidKeys.TryParse(o.PublicKey, o.PrivateKey) is not null,
                "Fairdrop:Exchange:WebPush PublicKey and PrivateKey must both be set to a matching base64url P-256 pair, or both be left out.")
            .ValidateOnStart();
        services.AddHttpClient(WebPushSender.ClientName, (sp, c) => c.Timeout = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebPushOptions>>().Value.Timeout).AddOutboundGuard();
        services.TryAddSingleton<WebPushSubscriptionStore>();
        services.TryAddSingleton<VapidKeyStore>();
        services.TryAddSingleton<VapidKeySource>();
        services.TryAddSingleton<WebPushSender>();
        services.AddSingleton<IChannel, WebPushChannel>();
        return services;
    }
}
