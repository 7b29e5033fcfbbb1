using System.Security.Claims;
using Fairdrop.Auth;
using Fairdrop.Core.Tenancy;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Merchants;

/// <summary>A merchant's view of itself and its keys; everything is scoped to the caller's merchant.</summary>
internal static class MerchantSelfEndpoints
{
    private const int MaxGraceSeconds = 7 * 24 * 3600;

    public static RouteGroupBuilder MapMerchantSelfEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/merchant").RequireAuthorization(Policies.Merchant).WithTags("Merchant");
        group.MapGet("/", GetAsync).WithName("GetSelf").WithSummary("Read the calling merchant.");
        group.MapGet("/keys", ListKeysAsync).WithName("ListKeys").WithSummary("List the merchant's API keys (never their secrets).");
        group.MapPost("/keys/rotate", RotateAsync).WithName("RotateKey")
            .WithSummary("Issue a new key (shown once) and retire the others, at once or after graceSeconds.");
        group.MapDelete("/keys/{keyId:guid}", RevokeAsync).WithName("RevokeKey").WithSummary("Revoke one key.");
        return api;
    }

    private static async Task<Results<Ok<MerchantResponse>, ProblemHttpResult>> GetAsync(ClaimsPrincipal user, MerchantStore merchants, CancellationToken cancellationToken)
    {
        var merchant = await merchants.GetAsync(user.GetMerchantId(), cancellationToken);
        return merchant is null ? Problems.NotFound("The merchant") : TypedResults.Ok(MerchantResponse.From(merchant));
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyResponse>>> ListKeysAsync(
        ClaimsPrincipal user, MerchantStore merchants, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var keys = await merchants.ListKeysAsync(user.GetMerchantId(), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ApiKeyResponse>>(keys.Select(k => ApiKeyResponse.From(k, now)).ToList());
    }

    private static async Task<Results<Ok<IssuedKeyResponse>, ValidationProblem>> RotateAsync(
        ClaimsPrincipal user, MerchantStore merchants, CancellationToken cancellationToken, RotateKeyRequest? request = null)
    {
        var grace = request?.GraceSeconds ?? 0;
        if (grace is < 0 or > MaxGraceSeconds)
        {
            return Problems.Validation("graceSeconds", $"graceSeconds must be between 0 and {MaxGraceSeconds}.");
        }

        var issued = await merchants.RotateAsync(user.GetMerchantId(), TimeSpan.FromSeconds(grace), cancellationToken);
        return TypedResults.Ok(IssuedKeyResponse.From(issued));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid keyId, ClaimsPrincipal user, MerchantStore merchants, CancellationToken cancellationToken)
    {
        // Another merchant's key id is simply not found: nothing reveals that it exists.
        var revoked = await merchants.RevokeKeyAsync(user.GetMerchantId(), keyId, cancellationToken);
        return revoked ? TypedResults.NoContent() : Problems.NotFound("The key");
    }
}
