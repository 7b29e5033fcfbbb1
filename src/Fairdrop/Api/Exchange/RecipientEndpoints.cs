using System.Security.Claims;
using Fairdrop.Api.Merchants;
using Fairdrop.Auth;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Exchange;

/// <summary>Upsert (one or many), read and list the merchant's recipients.</summary>
internal static class RecipientEndpoints
{
    /// <summary>A full batch of recipients with contacts, consents and attributes is a few MB of JSON.</summary>
    private const long BulkBodyLimit = 16L << 20;

    public static RouteGroupBuilder MapRecipientEndpoints(this RouteGroupBuilder exchange)
    {
        var group = exchange.MapGroup("/recipients").RequireAuthorization(Policies.Merchant).WithTags("Exchange");
        group.MapPost("/", UpsertAsync).WithName("UpsertRecipient").WithSummary("Create or replace a recipient by external id.");
        group.MapPost("/bulk", BulkAsync).WithName("BulkUpsertRecipients").WithSummary($"Create or replace up to {RecipientService.MaxBulk} recipients in one transaction.")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(BulkBodyLimit));
        group.MapGet("/", ListAsync).WithName("ListRecipients").WithSummary("List recipients (cursor paging).");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetRecipient").WithSummary("Read one recipient.");
        return exchange;
    }

    private static async Task<Results<Ok<RecipientResponse>, ProblemHttpResult>> UpsertAsync(
        RecipientRequest request, ClaimsPrincipal user, RecipientService recipients, CancellationToken cancellationToken) =>
        (await recipients.UpsertAsync(user.GetMerchantId(), request.ToDraft(), cancellationToken)).ToOk(RecipientResponse.From);

    private static async Task<Results<Ok<BulkRecipientsResponse>, ProblemHttpResult>> BulkAsync(
        BulkRecipientsRequest request, ClaimsPrincipal user, RecipientService recipients, CancellationToken cancellationToken) =>
        (await recipients.UpsertManyAsync(user.GetMerchantId(), request.Recipients?.Select(r => r?.ToDraft()).ToList(), cancellationToken))
            .ToOk(ids => new BulkRecipientsResponse(ids.Count, ids));

    private static async Task<Results<Ok<RecipientResponse>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, RecipientService recipients, CancellationToken cancellationToken) =>
        (await recipients.GetAsync(user.GetMerchantId(), id, cancellationToken)).ToOk(RecipientResponse.From);

    private static async Task<Results<Ok<Page<RecipientResponse>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, RecipientService recipients, CancellationToken cancellationToken, Guid? after = null, int limit = Page.DefaultLimit)
    {
        if (Page.InvalidLimit(limit) is { } problem)
        {
            return problem;
        }

        var page = await recipients.ListAsync(user.GetMerchantId(), after, limit, cancellationToken);
        return TypedResults.Ok(Page.Of(page, limit, r => r.Id, RecipientResponse.From));
    }
}
