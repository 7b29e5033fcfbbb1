using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Exchange;

/// <summary>The exchange's API under <c>/api/v1/exchange</c>.</summary>
internal static class ExchangeEndpoints
{
    public static RouteGroupBuilder MapExchangeEndpoints(this RouteGroupBuilder api)
    {
        var exchange = api.MapGroup("/exchange");
        exchange.MapSenderEndpoints();
        exchange.MapRecipientEndpoints();
        exchange.MapWebPushEndpoints();
        exchange.MapDistributionEndpoints();
        exchange.MapDeliveryEndpoints();
        exchange.MapInboxEndpoints();
        exchange.MapUnsubscribeEndpoint();
        exchange.MapSmsEndpoints();
        exchange.MapTrackingEndpoints();
        exchange.MapEngagementEndpoints();
        exchange.MapInboundEndpoints();
        exchange.MapSeriesEndpoints();
        api.MapSdkEndpoints();
        api.MapSdkWebPushEndpoints();
        return api;
    }
}
