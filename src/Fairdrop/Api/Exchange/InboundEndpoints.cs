using System.Security.Claims;
using Fairdrop.Api.Merchants;
using Fairdrop.Auth;
using Fairdrop.Exchange.Inbound;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Exchange;

/// <summary>In-app replies from the SDK's end user, and the merchant's list of inbound messages (SMS and in-app).</summary>
internal static class InboundEndpoints
{
    public static RouteGroupBuilder MapInboundEndpoints(this RouteGroupBuilder exchange)
    {
        exchange.MapPost("/inbox/{userId}/{messageId:guid}/reply", ReplyAsync).RequireAuthorization(Policies.Merchant).WithTags("Exchange")
            .WithName("ReplyToInboxMessage").WithSummary("An end user's reply to an in-app message; replyId makes a retry harmless (200 instead of 201).");
        exchange.MapGet("/inbound", ListAsync).RequireAuthorization(Policies.Merchant).WithTags("Exchange")
            .WithName("ListInbound").WithSummary("Inbound messages (SMS, in-app replies), optionally of one recipient (cursor paging).");
        return exchange;
    }

    private static async Task<Results<Created<InboundMessage>, Ok<InboundMessage>, ProblemHttpResult>> ReplyAsync(
        string userId, Guid messageId, InboxReplyRequest request, ClaimsPrincipal user, InboundService inbound, CancellationToken cancellationToken)
    {
        if (!(await inbound.ReplyInAppAsync(user.GetMerchantId(), userId, messageId, request.Body, request.ReplyId, cancellationToken)).TryGetValue(out var result, out var error))
        {
            return Problems.From(error);
        }

        return result.Duplicate ? TypedResults.Ok(result.Message) : TypedResults.Created($"/api/v1/exchange/inbound/{result.Message.Id}", result.Message);
    }

    private static async Task<Results<Ok<Page<InboundMessage>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, InboundService inbound, CancellationToken cancellationToken, Guid? recipientId = null, Guid? after = null, int limit = Page.DefaultLimit)
    {
        if (Page.InvalidLimit(limit) is { } problem)
        {
            return problem;
        }

        var page = await inbound.ListAsync(user.GetMerchantId(), recipientId, after, limit, cancellationToken);
        return TypedResults.Ok(Page.Of(page, limit, m => m.Id));
    }
}
