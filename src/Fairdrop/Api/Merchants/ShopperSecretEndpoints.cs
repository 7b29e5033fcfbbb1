using System.Security.Claims;
using Fairdrop.Auth;
using Fairdrop.Core.Shoppers;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Merchants;

/// <summary>
/// The merchant's shopper-signing secret: its backend signs shopper tokens (HS256 JWTs) with it, and storefront
/// entries prove their shopper with those tokens. Shown once when issued; rotation keeps the old one for a grace period.
/// </summary>
internal static class ShopperSecretEndpoints
{
    private const int DefaultGraceSeconds = 3600;
    private const int MaxGraceSeconds = 7 * 24 * 3600;

    public static RouteGroupBuilder MapShopperSecretEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/merchant/shopper-secret").RequireAuthorization(Policies.Merchant).WithTags("Merchant");
        group.MapGet("/", GetAsync).WithName("GetShopperSecret").WithSummary("When the shopper-signing secret was issued and its prefix (never the secret).");
        group.MapPost("/rotate", RotateAsync).WithName("RotateShopperSecret")
            .WithSummary("Issue a new shopper-signing secret (shown once); the previous one keeps verifying for graceSeconds (default 3600, 0 for a leaked one).");
        return api;
    }

    private static async Task<Results<Ok<ShopperSecretResponse>, ProblemHttpResult>> GetAsync(ClaimsPrincipal user, ShopperSecretStore secrets, CancellationToken cancellationToken) =>
        await secrets.GetInfoAsync(user.GetMerchantId(), cancellationToken) is { } info
            ? TypedResults.Ok(ShopperSecretResponse.From(info))
            : Problems.NotFound("The shopper-signing secret");

    private static async Task<Results<Ok<IssuedShopperSecretResponse>, ValidationProblem>> RotateAsync(
        ClaimsPrincipal user, ShopperSecretStore secrets, CancellationToken cancellationToken, RotateShopperSecretRequest? request = null)
    {
        var grace = request?.GraceSeconds ?? DefaultGraceSeconds;
        if (grace is < 0 or > MaxGraceSeconds)
        {
            return Problems.Validation("graceSeconds", $"graceSeconds must be between 0 and {MaxGraceSeconds}.");
        }

        var issued = await secrets.RotateAsync(user.GetMerchantId(), TimeSpan.FromSeconds(grace), cancellationToken);
        return TypedResults.Ok(IssuedShopperSecretResponse.From(issued));
    }
}
