using System.Security.Claims;
using Fairdrop.Api.Merchants;
using Fairdrop.Auth;
using Fairdrop.Core.Outbound;
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
        Guid recipientId, WebPushSubscriptionRequest request, ClaimsPrincipal user, WebPushSubscriptionStore subscriptions, OutboundGuard guard, CancellationToken cancellationToken)
    {
        var subscription = SubscriptionValidation.Validate(request.Endpoint, request.Keys?.P256dh, request.Keys?.Auth, request.Device, guard);
        if (!subscription.IsSuccess)
        {
            return Problems.From(subscription.Error!);
        }

        var stored = await subscriptions.AddAsync(user.GetMerchantId(), recipientId, subscription.Value!, cancellationToken);
        return stored is null
            ? Problems.NotFound("The recipient")
            : TypedResults.Created($"/api/v1/exchange/recipients/{recipientId}/webpush/{stored.Id}", WebPushSubscriptionResponse.From(stored));
    }

    private static async Task<Results<Ok<WebPushSubscriptionList>, ProblemHttpResult>> ListAsync(
        Guid recipientId, ClaimsPrincipal user, WebPushSubscriptionStore subscriptions, CancellationToken cancellationToken) =>
        await subscriptions.ListOfKnownRecipientAsync(user.GetMerchantId(), recipientId, cancellationToken) is { } list
            ? TypedResults.Ok(new WebPushSubscriptionList([.. list.Select(WebPushSubscriptionResponse.From)]))
            : Problems.NotFound("The recipient");

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        Guid recipientId, Guid id, ClaimsPrincipal user, WebPushSubscriptionStore subscriptions, CancellationToken cancellationToken) =>
        await subscriptions.RemoveAsync(user.GetMerchantId(), recipientId, id, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound("The subscription");

    private static async Task<Ok<VapidPublicKeyResponse>> VapidKeyAsync(VapidKeySource vapid, CancellationToken cancellationToken) =>
        TypedResults.Ok(new VapidPublicKeyResponse((await vapid.GetKeysAsync(cancellationToken)).PublicKeyText));
}
