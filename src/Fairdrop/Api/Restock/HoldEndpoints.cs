using System.Security.Claims;
using Fairdrop.Auth;
using Fairdrop.Hosting;
using Fairdrop.Restock.Holds;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fairdrop.Api.Restock;

/// <summary>
/// Holds of a product's units for a shopper (<see cref="HoldService"/>): what is free, placing a hold (idempotent by
/// its key: 201 the first time, 200 with the same hold on a retry), and ending one early. A merchant sees only its own.
/// </summary>
internal static class HoldEndpoints
{
    public static void Map(RouteGroupBuilder merchant)
    {
        merchant.MapGet("/restock/products/{productId}/availability", AvailabilityAsync)
            .WithSummary("The product's stock, the units its active holds take, what is left, and those holds.");
        merchant.MapPost("/restock/products/{productId}/holds", HoldAsync)
            .WithSummary("Hold units for a shopper (1–100, 1 minute to 24 hours), idempotent by holdKey; 409 hold_exceeds_stock.");
        merchant.MapDelete("/restock/holds/{holdId:guid}", ReleaseAsync).WithSummary("Release a hold before it lapses.");
    }

    private static async Task<Results<Ok<ProductAvailability>, ProblemHttpResult>> AvailabilityAsync(
        string productId, ClaimsPrincipal user, HoldService holds, CancellationToken cancellationToken) =>
        (await holds.AvailabilityAsync(user.GetMerchantId(), productId, cancellationToken)).ToOk();

    private static async Task<Results<Created<Hold>, Ok<Hold>, ProblemHttpResult>> HoldAsync(
        string productId, HoldBody body, ClaimsPrincipal user, HoldService holds, CancellationToken cancellationToken)
    {
        var result = await holds.HoldAsync(user.GetMerchantId(), body.ToRequest(productId), cancellationToken);
        if (!result.TryGetValue(out var placement, out var error))
        {
            return Problems.From(error);
        }

        return placement.Created ? TypedResults.Created($"/api/v1/restock/holds/{placement.Hold.Id}", placement.Hold) : TypedResults.Ok(placement.Hold);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ReleaseAsync(Guid holdId, ClaimsPrincipal user, HoldService holds, CancellationToken cancellationToken) =>
        (await holds.ReleaseAsync(user.GetMerchantId(), holdId, cancellationToken)).ToNoContent();
}
