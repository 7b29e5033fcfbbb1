using System.Security.Claims;
using Fairdrop.Api.Merchants;
using Fairdrop.Auth;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Matching;
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
        exchange.MapPost("/deliveries/{id:guid}/resend", (Guid id, ClaimsPrincipal user, DeliveryStore deliveries, TimeProvider time, CancellationToken cancellationToken) =>
                ResolveAsync(id, resend: true, user, deliveries, time, cancellationToken))
            .RequireAuthorization(Policies.Merchant).WithTags("Exchange")
            .WithName("ResendUncertainDelivery").WithSummary("Send an uncertain delivery (held after a crash) again, with its same identity.");
        exchange.MapPost("/deliveries/{id:guid}/drop", (Guid id, ClaimsPrincipal user, DeliveryStore deliveries, TimeProvider time, CancellationToken cancellationToken) =>
                ResolveAsync(id, resend: false, user, deliveries, time, cancellationToken))
            .RequireAuthorization(Policies.Merchant).WithTags("Exchange")
            .WithName("DropUncertainDelivery").WithSummary("Drop an uncertain delivery (held after a crash): it is not sent again.");
        return exchange;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ResolveAsync(
        Guid id, bool resend, ClaimsPrincipal user, DeliveryStore deliveries, TimeProvider time, CancellationToken cancellationToken)
    {
        return await deliveries.ResolveUncertainAsync(user.GetMerchantId(), id, resend, time.GetUtcNow(), cancellationToken) switch
        {
            null => Problems.NotFound("delivery"),
            true => TypedResults.NoContent(),
            false => TypedResults.Problem(
                detail: "Only an uncertain delivery (status 'uncertain', held after a crash) can be resent or dropped.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["code"] = Fairdrop.Core.Errors.ErrorCodes.Conflict }),
        };
    }

    private static async Task<Results<Ok<Page<Delivery>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, DeliveryStore deliveries, CancellationToken cancellationToken,
        Guid? distributionId = null, Guid? recipientId = null, string? status = null, string? channel = null, Guid? after = null, int limit = 100)
    {
        if (!ExchangeEndpoints.ValidLimit(limit))
        {
            return Problems.Validation("limit", $"limit must be between 1 and {ExchangeEndpoints.MaxLimit}.");
        }

        if (status is not null && !DeliveryStatus.All.Contains(status, StringComparer.Ordinal))
        {
            return Problems.Validation("status", $"status must be one of {string.Join(", ", DeliveryStatus.All)}.");
        }

        if (channel is not null && !ChannelNames.TryParse(channel, out _))
        {
            return Problems.Validation("channel", "channel must be one of email, sms, web_push, in_app, webhook.");
        }

        var filter = new DeliveryFilter(distributionId, recipientId, status, channel);
        var page = await deliveries.ListAsync(user.GetMerchantId(), filter, after, limit, cancellationToken);
        return TypedResults.Ok(Page.Of(page, limit, d => d.Id));
    }
}
