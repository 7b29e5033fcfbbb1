using Fairdrop.Auth;
using Fairdrop.Core.Tenancy;
using Fairdrop.Core.Text;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Merchants;

/// <summary>The operator's view: creates merchants and hands out their first key.</summary>
internal static class OperatorEndpoints
{
    public const int MaxNameLength = 200;

    public static RouteGroupBuilder MapOperatorEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/merchants").RequireAuthorization(Policies.Operator).WithTags("Operator");
        group.MapPost("/", CreateAsync).WithName("CreateMerchant").WithSummary("Create a merchant and its first API key (shown once).");
        group.MapGet("/", ListAsync).WithName("ListMerchants").WithSummary("List merchants in creation order.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetMerchant").WithSummary("Read one merchant.");
        return api;
    }

    private static async Task<Results<Created<CreatedMerchantResponse>, ValidationProblem>> CreateAsync(
        CreateMerchantRequest request, MerchantStore merchants, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return Problems.Validation("name", "A merchant needs a name.");
        }

        if (name.Length > MaxNameLength)
        {
            return Problems.Validation("name", $"The name may have at most {MaxNameLength} characters.");
        }

        if (PlainText.Check("name", name) is { } error)
        {
            return Problems.Validation("name", error.Message);
        }

        var (merchant, key) = await merchants.CreateAsync(name, cancellationToken);
        return TypedResults.Created($"/api/v1/merchants/{merchant.Id}", new CreatedMerchantResponse(MerchantResponse.From(merchant), IssuedKeyResponse.From(key)));
    }

    private static async Task<Results<Ok<Page<MerchantResponse>>, ValidationProblem>> ListAsync(
        MerchantStore merchants, CancellationToken cancellationToken, Guid? after = null, int limit = Page.DefaultLimit)
    {
        if (Page.InvalidLimit(limit) is { } problem)
        {
            return problem;
        }

        var page = await merchants.ListAsync(after, limit, cancellationToken);
        return TypedResults.Ok(Page.Of(page, limit, m => m.Id, MerchantResponse.From));
    }

    private static async Task<Results<Ok<MerchantResponse>, ProblemHttpResult>> GetAsync(Guid id, MerchantStore merchants, CancellationToken cancellationToken)
    {
        var merchant = await merchants.GetAsync(id, cancellationToken);
        return merchant is null ? Problems.NotFound("The merchant") : TypedResults.Ok(MerchantResponse.From(merchant));
    }
}
