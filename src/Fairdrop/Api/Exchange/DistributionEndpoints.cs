using Fairdrop.Core.Text;
using System.Security.Claims;
using System.Text.Json;
using Fairdrop.Api.Merchants;
using Fairdrop.Auth;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Senders;
using Fairdrop.Exchange.Templates;
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
    private static readonly string[] Sources = ["api", "restock", "series", "campaign"];

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
        DistributionRequest request, ClaimsPrincipal user, DistributionStore distributions, SenderStore senders, TemplateRenderer templates,
        IdGenerator ids, TimeProvider time, CancellationToken cancellationToken, [FromHeader(Name = "Idempotency-Key")] string? idempotencyHeader = null)
    {
        var merchantId = user.GetMerchantId();
        var key = request.IdempotencyKey ?? idempotencyHeader;
        if (key is { Length: 0 or > 200 })
        {
            return Problems.From(Error.Validation("idempotencyKey", "idempotencyKey must have 1 to 200 characters."));
        }

        if ((PlainText.Check("idempotencyKey", key) ?? PlainText.Check("topic", request.Topic)) is { } notPlain)
        {
            return Problems.From(notPlain);
        }

        var source = request.Source ?? "api";
        if (!Sources.Contains(source, StringComparer.Ordinal))
        {
            return Problems.From(Error.Validation("source", $"source must be one of {string.Join(", ", Sources)}."));
        }

        if (request.SenderId is not { } senderId || await senders.GetAsync(merchantId, senderId, cancellationToken) is null)
        {
            return Problems.From(Error.Validation("senderId", "senderId must name one of the merchant's senders."));
        }

        if (ContentValidation.Validate(request.Content, templates) is { } invalid)
        {
            return Problems.From(invalid);
        }

        if (request.Audience?.ExternalIds is { Count: > RecipientEndpoints.MaxBulk })
        {
            return Problems.From(Error.Validation("audience.externalIds", $"At most {RecipientEndpoints.MaxBulk} external ids; use a filter for more."));
        }

        var now = time.GetUtcNow();
        if (request.Deadline is { } deadline && deadline <= now)
        {
            return Problems.From(Error.Validation("deadline", "deadline must be in the future."));
        }

        var id = ids.NewId();
        var data = request.Data ?? JsonDocument.Parse("{}").RootElement;
        var distribution = new Distribution(
            id, merchantId, senderId, source, request.Topic, request.Content!, request.Audience ?? new Audience(), data,
            request.Deadline, key ?? id.ToString(), Distribution.Matching, now, null);
        var (stored, created) = await distributions.CreateAsync(distribution, cancellationToken);
        var response = DistributionResponse.From(stored);
        return created ? TypedResults.Accepted($"/api/v1/exchange/distributions/{stored.Id}", response) : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<DistributionResponse>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, DistributionStore distributions, CancellationToken cancellationToken)
    {
        var distribution = await distributions.GetAsync(user.GetMerchantId(), id, cancellationToken);
        return distribution is null ? Problems.NotFound("The distribution") : TypedResults.Ok(DistributionResponse.From(distribution));
    }

    private static async Task<Results<Ok<Funnel>, ProblemHttpResult>> FunnelAsync(
        Guid id, ClaimsPrincipal user, DistributionStore distributions, DeliveryStore deliveries, CancellationToken cancellationToken)
    {
        var merchantId = user.GetMerchantId();
        if (await distributions.GetAsync(merchantId, id, cancellationToken) is null)
        {
            return Problems.NotFound("The distribution");
        }

        return TypedResults.Ok(await deliveries.FunnelAsync(merchantId, id, cancellationToken));
    }

    private static async Task<Results<Ok<Page<DistributionResponse>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, DistributionStore distributions, CancellationToken cancellationToken, Guid? after = null, int limit = 100)
    {
        if (!ExchangeEndpoints.ValidLimit(limit))
        {
            return Problems.Validation("limit", $"limit must be between 1 and {ExchangeEndpoints.MaxLimit}.");
        }

        var page = await distributions.ListAsync(user.GetMerchantId(), after, limit, cancellationToken);
        return TypedResults.Ok(Page.Of(page, limit, d => d.Id, DistributionResponse.From));
    }
}
