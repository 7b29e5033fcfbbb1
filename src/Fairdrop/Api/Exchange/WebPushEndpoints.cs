using System.Security.Claims;
using Fairdrop.Api.Merchants;
using Fairdrop.Auth;
using Fairdrop.Exchange.Channels.WebPush;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Exchange;

/// <summary>A recipient's web push subscriptions (add, list, remove) and the installation's VAPID public key.</summary>
internal static class WebPushEndpoints
{
    public static RouteGroupBuilder MapWebPushEndpoints(this RouteGroupBuilder exchange)
    {
        var group = exchange.MapGroup("/recipients/{recipientId:guid}/webpush").RequireAuthorization(Policies.Merchant).WithTags("Exchange");
        group.MapPost("/", AddAsync).WithName("AddWebPushSubscription").WithSummary("Store a browser's push subscription for the recipient (by endpoint; a named device keeps only its newest).");
        group.MapGet("/", ListAsync).WithName("ListWebPushSubscriptions").WithSummary("The recipient's push subscriptions, newest first.");
        group.MapDelete("/{id:guid}", RemoveAsync).WithName("RemoveWebPushSubscription").WithSummary("Remove one push subscription.");
        exchange.MapGet("/webpush/vapid-public-key", VapidKeyAsync).AllowAnonymous().WithTags("Exchange")
            .WithName("GetVapidPublicKey").WithSummary("The applicationServerKey for pushManager.subscribe (RFC 8292).");
        return exchange;
    }

    private static async Task<Results<Created<WebPushSubscriptionResponse>, ProblemHttpResult>> AddAsync(
        Guid recipientId, WebPushSubscriptionRequest request, ClaimsPrincipal user, WebPushService webPush, CancellationToken cancellationToken) =>
        (await webPush.AddAsync(user.GetMerchantId(), recipientId, request.ToDraft(), cancellationToken)).TryGetValue(out var stored, out var error)
            ? TypedResults.Created($"/api/v1/exchange/recipients/{recipientId}/webpush/{stored.Id}", WebPushSubscriptionResponse.From(stored))
            : Problems.From(error);

    private static async Task<Results<Ok<WebPushSubscriptionList>, ProblemHttpResult>> ListAsync(
        Guid recipientId, ClaimsPrincipal user, WebPushService webPush, CancellationToken cancellationToken) =>
        (await webPush.ListAsync(user.GetMerchantId(), recipientId, cancellationToken)).ToOk(list => new WebPushSubscriptionList([.. list.Select(WebPushSubscriptionResponse.From)]));

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        Guid recipientId, Guid id, ClaimsPrincipal user, WebPushService webPush, CancellationToken cancellationToken) =>
        (await webPush.RemoveAsync(user.GetMerchantId(), recipientId, id, cancellationToken)).ToNoContent();

    private static async Task<Ok<VapidPublicKeyResponse>> VapidKeyAsync(WebPushService webPush, CancellationToken cancellationToken) =>
        TypedResults.Ok(new VapidPublicKeyResponse(await webPush.VapidPublicKeyAsync(cancellationToken)));
}
