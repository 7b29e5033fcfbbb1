using Fairdrop.Core.Outbound;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Exchange.Tests.Support;

/// <summary>An <see cref="OutboundGuard"/> as the host builds it, with the given networks allow-listed.</summary>
internal static class Guards
{
    public static OutboundGuard Create(params string[] allowedNetworks)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<OutboundOptions>().Configure(o =>
        {
            foreach (var network in allowedNetworks)
            {
                o.AllowedNetworks.Add(network);
            }
        });
        services.AddSingleton<OutboundGuard>();
        return services.BuildServiceProvider().GetRequiredService<OutboundGuard>();
    }
}
