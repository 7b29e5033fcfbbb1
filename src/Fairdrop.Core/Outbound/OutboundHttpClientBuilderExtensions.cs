using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Core.Outbound;

/// <summary>Puts a named or typed HttpClient behind the <see cref="OutboundGuard"/>.</summary>
public static class OutboundHttpClientBuilderExtensions
{
    /// <summary>Every client whose URL a merchant or shopper can aim is built with this; it never follows redirects.</summary>
    public static IHttpClientBuilder AddOutboundGuard(this IHttpClientBuilder builder) =>
        builder.ConfigurePrimaryHttpMessageHandler(services => services.GetRequiredService<OutboundGuard>().CreateHandler());
}
