using System.Security.Claims;
using Fairdrop.Api.Merchants;
using Fairdrop.Auth;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Exchange;

/// <summary>Send distributions (idempotently), read them, list them and see their funnel.</summary>
internal static class DistributionEndpoints
{
    public static RouteGroupBuilder MapDistributionEndpoints(this RouteGroupBuilder exchange)
    {
        var group = exchange.MapGroup("/distributions").RequireAuthorization(Policies.Merchant).WithTags("Exchange");
        group.MapPost("/", CreateAsync).WithName("CreateDistribution")
            .WithSummary("Send a distribution; the same idempotency key again returns the first one (200 instead of 202).");
        group.MapGet("/", ListAsync).WithName("ListDistributions").WithSummary("List distributions (cursor paging).");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetDistribution").WithSummary("Read one distribution.");
        group.MapGet("/{id:guid}/funnel", FunnelAsync).WithName("GetDistributionFunnel").WithSummary("Matched, dropped by reason, sent, failed.");
        return exchange;
    }

    private static async Task<Results<Accepted<DistributionResponse>, Ok<DistributionResponse>, ProblemHttpResult>> CreateAsync(
        DistributionRequest request, ClaimsPrincipal user, DistributionService distributions, CancellationToken cancellationToken,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyHeader = null)
    {
        if (!(await distributions.CreateAsync(user.GetMerchantId(), request.ToDraft(idempotencyHeader), cancellationToken)).TryGetValue(out var accepted, out var error))
        {
            return Problems.From(error);
        }

        var response = DistributionResponse.From(accepted.Distribution);
        return accepted.Created ? TypedResults.Accepted($"/api/v1/exchange/distributions/{response.Id}", response) : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<DistributionResponse>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, DistributionService distributions, CancellationToken cancellationToken) =>
        (await distributions.GetAsync(user.GetMerchantId(), id, cancellationToken)).ToOk(DistributionResponse.From);

    private static async Task<Results<Ok<Funnel>, ProblemHttpResult>> FunnelAsync(Guid id, ClaimsPrincipal user, DistributionService distributions, CancellationToken cancellationToken) =>
        (await distributions.FunnelAsync(user.GetMerchantId(), id, cancellationToken)).ToOk();

    private static async Task<Results<Ok<Page<DistributionResponse>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, DistributionService distributions, CancellationToken cancellationToken, Guid? after = null, int limit = Page.DefaultLimit)
    {
        if (Page.InvalidLimit(limit) is { } problem)
        {
            return problem;
        }

        var page = await distributions.ListAsync(user.GetMerchantId(), after, limit, cancellationToken);
        return TypedResults.Ok(Page.Of(page, limit, d => d.Id, DistributionResponse.From));
    }
}
