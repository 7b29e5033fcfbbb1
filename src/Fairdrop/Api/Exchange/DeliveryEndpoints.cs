using System.Security.Claims;
using Fairdrop.Api.Merchants;
using Fairdrop.Auth;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Exchange;

/// <summary>The merchant's deliveries, filtered and paged by cursor.</summary>
internal static class DeliveryEndpoints
{
    public static RouteGroupBuilder MapDeliveryEndpoints(this RouteGroupBuilder exchange)
    {
        exchange.MapGet("/deliveries", ListAsync).RequireAuthorization(Policies.Merchant).WithTags("Exchange")
            .WithName("ListDeliveries").WithSummary("List deliveries by distribution, recipient, status or channel (cursor paging).");
        exchange.MapPost("/deliveries/{id:guid}/resend", (Guid id, ClaimsPrincipal user, DeliveryService deliveries, CancellationToken cancellationToken) =>
                ResolveAsync(id, resend: true, user, deliveries, cancellationToken))
            .RequireAuthorization(Policies.Merchant).WithTags("Exchange")
            .WithName("ResendUncertainDelivery").WithSummary("Send an uncertain delivery (held after a crash) again, with its same identity.");
        exchange.MapPost("/deliveries/{id:guid}/drop", (Guid id, ClaimsPrincipal user, DeliveryService deliveries, CancellationToken cancellationToken) =>
                ResolveAsync(id, resend: false, user, deliveries, cancellationToken))
            .RequireAuthorization(Policies.Merchant).WithTags("Exchange")
            .WithName("DropUncertainDelivery").WithSummary("Drop an uncertain delivery (held after a crash): it is not sent again.");
        return exchange;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ResolveAsync(
        Guid id, bool resend, ClaimsPrincipal user, DeliveryService deliveries, CancellationToken cancellationToken) =>
        (await deliveries.ResolveUncertainAsync(user.GetMerchantId(), id, resend, cancellationToken)).ToNoContent();

    private static async Task<Results<Ok<Page<Delivery>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, DeliveryService deliveries, CancellationToken cancellationToken,
        Guid? distributionId = null, Guid? recipientId = null, string? status = null, string? channel = null, Guid? after = null, int limit = Page.DefaultLimit)
    {
        if (Page.InvalidLimit(limit) is { } problem)
        {
            return problem;
        }

        var filter = new DeliveryFilter(distributionId, recipientId, status, channel);
        return (await deliveries.ListAsync(user.GetMerchantId(), filter, after, limit, cancellationToken)).ToOkOrValidation(page => Page.Of(page, limit, d => d.Id));
    }
}
