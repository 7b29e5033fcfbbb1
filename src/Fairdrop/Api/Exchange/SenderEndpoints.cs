using System.Security.Claims;
using Fairdrop.Api.Merchants;
using Fairdrop.Auth;
using Fairdrop.Exchange.Senders;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Exchange;

/// <summary>Create, read, update and list the merchant's senders.</summary>
internal static class SenderEndpoints
{
    public static RouteGroupBuilder MapSenderEndpoints(this RouteGroupBuilder exchange)
    {
        var group = exchange.MapGroup("/senders").RequireAuthorization(Policies.Merchant).WithTags("Exchange");
        group.MapPost("/", CreateAsync).WithName("CreateSender").WithSummary("Create a sender with its rules.");
        group.MapGet("/", ListAsync).WithName("ListSenders").WithSummary("List senders (cursor paging).");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetSender").WithSummary("Read one sender.");
        group.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateSender").WithSummary("Replace a sender's attributes and rules.");
        return exchange;
    }

    private static async Task<Results<Created<SenderResponse>, ProblemHttpResult>> CreateAsync(
        SenderRequest request, ClaimsPrincipal user, SenderService senders, CancellationToken cancellationToken) =>
        (await senders.CreateAsync(user.GetMerchantId(), request.ToDraft(), cancellationToken)).TryGetValue(out var sender, out var error)
            ? TypedResults.Created($"/api/v1/exchange/senders/{sender.Id}", SenderResponse.From(sender))
            : Problems.From(error);

    private static async Task<Results<Ok<SenderResponse>, ProblemHttpResult>> UpdateAsync(
        Guid id, SenderRequest request, ClaimsPrincipal user, SenderService senders, CancellationToken cancellationToken) =>
        (await senders.UpdateAsync(user.GetMerchantId(), id, request.ToDraft(), cancellationToken)).ToOk(SenderResponse.From);

    private static async Task<Results<Ok<SenderResponse>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, SenderService senders, CancellationToken cancellationToken) =>
        (await senders.GetAsync(user.GetMerchantId(), id, cancellationToken)).ToOk(SenderResponse.From);

    private static async Task<Results<Ok<Page<SenderResponse>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, SenderService senders, CancellationToken cancellationToken, Guid? after = null, int limit = Page.DefaultLimit)
    {
        if (Page.InvalidLimit(limit) is { } problem)
        {
            return problem;
        }

        var page = await senders.ListAsync(user.GetMerchantId(), after, limit, cancellationToken);
        return TypedResults.Ok(Page.Of(page, limit, s => s.Id, SenderResponse.From));
    }
}
