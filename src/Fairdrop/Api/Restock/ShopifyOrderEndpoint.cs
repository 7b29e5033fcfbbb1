using Fairdrop.Hosting;
using Fairdrop.Restock.Shopify;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Restock;

/// <summary>
/// Shopify's <c>orders/create</c> webhook: each line item whose variant is in the catalog becomes a purchase,
/// attributed to the buyer's alert within the window (<see cref="ShopifyWebhooks.OrderAsync"/>).
/// </summary>
internal static class ShopifyOrderEndpoint
{
    public static void Map(RouteGroupBuilder open) =>
        open.MapPost("/shopify/{merchantId:guid}/orders", OrderAsync).WithSummary("Shopify orders/create webhook (X-Shopify-Hmac-Sha256): purchases for the funnel.");

    private static async Task<Results<Ok<ShopifyOrderOutcome>, ProblemHttpResult>> OrderAsync(
        Guid merchantId, HttpRequest http, ShopifyWebhooks shopify, CancellationToken cancellationToken) =>
        (await shopify.OrderAsync(merchantId, await ShopifyRequest.ReadAsync(http, cancellationToken), cancellationToken)).TryGetValue(out var outcome, out var error)
            ? TypedResults.Ok(outcome)
            : Problems.From(error);
}
