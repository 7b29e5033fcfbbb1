using System.Security.Claims;
using System.Text.Json;
using Fairdrop.Api.Merchants;
using Fairdrop.Auth;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Outbound;
using Fairdrop.Exchange.Matching;
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

    public const int MaxBulk = 10_000;

    public static RouteGroupBuilder MapRecipientEndpoints(this RouteGroupBuilder exchange)
    {
        var group = exchange.MapGroup("/recipients").RequireAuthorization(Policies.Merchant).WithTags("Exchange");
        group.MapPost("/", UpsertAsync).WithName("UpsertRecipient").WithSummary("Create or replace a recipient by external id.");
        group.MapPost("/bulk", BulkAsync).WithName("BulkUpsertRecipients").WithSummary($"Create or replace up to {MaxBulk} recipients in one transaction.")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(BulkBodyLimit));
        group.MapGet("/", ListAsync).WithName("ListRecipients").WithSummary("List recipients (cursor paging).");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetRecipient").WithSummary("Read one recipient.");
        return exchange;
    }

    private static async Task<Results<Ok<RecipientResponse>, ProblemHttpResult>> UpsertAsync(
        RecipientRequest request, ClaimsPrincipal user, RecipientStore recipients, OutboundGuard guard, CancellationToken cancellationToken)
    {
        var input = ToInput(request, string.Empty, guard);
        if (!input.IsSuccess)
        {
            return Problems.From(input.Error!);
        }

        var merchantId = user.GetMerchantId();
        var ids = await recipients.UpsertAsync(merchantId, [input.Value!], cancellationToken);
        var stored = await recipients.GetAsync(merchantId, ids[0], cancellationToken);
        return TypedResults.Ok(RecipientResponse.From(stored!));
    }

    private static async Task<Results<Ok<BulkRecipientsResponse>, ProblemHttpResult>> BulkAsync(
        BulkRecipientsRequest request, ClaimsPrincipal user, RecipientStore recipients, OutboundGuard guard, CancellationToken cancellationToken)
    {
        if (request.Recipients is not { Count: > 0 and <= MaxBulk } list)
        {
            return Problems.From(Error.Validation("recipients", $"recipients must hold between 1 and {MaxBulk} entries."));
        }

        var inputs = new List<RecipientInput>(list.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                return Problems.From(Error.Validation($"recipients[{i}]", "A recipient cannot be null."));
            }

            var input = ToInput(list[i], $"recipients[{i}].", guard);
            if (!input.IsSuccess)
            {
                return Problems.From(input.Error!);
            }

            if (!seen.Add(input.Value!.ExternalId))
            {
                return Problems.From(Error.Validation($"recipients[{i}].externalId", $"externalId '{input.Value.ExternalId}' appears twice."));
            }

            inputs.Add(input.Value);
        }

        var ids = await recipients.UpsertAsync(user.GetMerchantId(), inputs, cancellationToken);
        return TypedResults.Ok(new BulkRecipientsResponse(ids.Count, ids));
    }

    private static async Task<Results<Ok<RecipientResponse>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, RecipientStore recipients, CancellationToken cancellationToken)
    {
        var recipient = await recipients.GetAsync(user.GetMerchantId(), id, cancellationToken);
        return recipient is null ? Problems.NotFound("The recipient") : TypedResults.Ok(RecipientResponse.From(recipient));
    }

    private static async Task<Results<Ok<Page<RecipientResponse>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, RecipientStore recipients, CancellationToken cancellationToken, Guid? after = null, int limit = 100)
    {
        if (!ExchangeEndpoints.ValidLimit(limit))
        {
            return Problems.Validation("limit", $"limit must be between 1 and {ExchangeEndpoints.MaxLimit}.");
        }

        var page = await recipients.ListAsync(user.GetMerchantId(), after, limit, cancellationToken);
        return TypedResults.Ok(Page.Of(page, limit, r => r.Id, RecipientResponse.From));
    }

    private static Result<RecipientInput> ToInput(RecipientRequest request, string prefix, OutboundGuard guard)
    {
        var attributes = request.Attributes ?? JsonDocument.Parse("{}").RootElement;
        if (attributes.ValueKind != JsonValueKind.Object)
        {
            return Error.Validation(prefix + "attributes", "attributes must be a JSON object.");
        }

        var input = new RecipientInput(
            request.ExternalId?.Trim() ?? string.Empty,
            attributes,
            request.Contacts ?? Contacts.None,
            request.Consents ?? new Dictionary<Channel, Consent>(),
            request.Rules ?? RecipientRules.Default);
        return ContactValidation.Validate(input, prefix, guard);
    }
}
