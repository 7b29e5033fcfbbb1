using Fairdrop.Exchange.Channels.WebPush;
using Fairdrop.Exchange.Sdk;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Exchange;

/// <summary>
/// The browser SDK's web push: the end user's page stores or removes its own push subscription under
/// <c>/sdk/channels/{channelId}/webpush</c>, identified as every SDK call is (the channel's origins, the user token),
/// and reads the VAPID key there with CORS. The preflight is answered by <see cref="SdkEndpoints"/>' group.
/// </summary>
internal static class SdkWebPushEndpoints
{
    public static RouteGroupBuilder MapSdkWebPushEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/sdk/channels/{channelId:guid}/webpush").AllowAnonymous().DisableAntiforgery().WithTags("SDK (browser)");
        group.MapGet("/vapid-public-key", VapidKeyAsync).WithSummary("The applicationServerKey for pushManager.subscribe, readable by the channel's pages.");
        group.MapPost("/", SubscribeAsync).WithSummary("Store the end user's browser push subscription (PushSubscription.toJSON() and an optional device) for their recipient.");
        group.MapDelete("/", UnsubscribeAsync).WithSummary("Remove the end user's push subscription with this endpoint.");
        return api;
    }

    private static async Task<Results<Ok<VapidPublicKeyResponse>, ProblemHttpResult>> VapidKeyAsync(
        Guid channelId, HttpContext http, SdkService sdk, WebPushService webPush, CancellationToken cancellationToken) =>
        (await SdkEndpoints.IdentifyAsync(channelId, http, sdk, cancellationToken)).TryGetValue(out _, out var error)
            ? TypedResults.Ok(new VapidPublicKeyResponse(await webPush.VapidPublicKeyAsync(cancellationToken)))
            : Problems.From(error);

    private static async Task<Results<Created<SdkWebPushSubscriptionResponse>, ProblemHttpResult>> SubscribeAsync(
        Guid channelId, WebPushSubscriptionRequest request, HttpContext http, SdkService sdk, SdkWebPush push, CancellationToken cancellationToken)
    {
        if (!(await SdkEndpoints.IdentifyAsync(channelId, http, sdk, cancellationToken)).TryGetValue(out var caller, out var error))
        {
            return Problems.From(error);
        }

        return (await push.SubscribeAsync(caller, request.ToDraft(), cancellationToken)).TryGetValue(out var stored, out var refused)
            ? TypedResults.Created((string?)null, SdkWebPushSubscriptionResponse.From(stored))
            : Problems.From(refused);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UnsubscribeAsync(
        Guid channelId, [FromBody] SdkWebPushUnsubscribeRequest request, HttpContext http, SdkService sdk, SdkWebPush push, CancellationToken cancellationToken)
    {
        if (!(await SdkEndpoints.IdentifyAsync(channelId, http, sdk, cancellationToken)).TryGetValue(out var caller, out var error))
        {
            return Problems.From(error);
        }

        // Removing a subscription that is already gone succeeds: the browser's retry after a lost answer is not an error.
        return (await push.UnsubscribeAsync(caller, request.Endpoint, cancellationToken)).TryGetValue(out _, out var refused)
            ? TypedResults.NoContent()
            : Problems.From(refused);
    }
}
