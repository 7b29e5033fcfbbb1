using System.Globalization;
using System.Text.Json;
using Fairdrop.Core.Errors;
using Fairdrop.Hosting;
using Fairdrop.Restock;
using Fairdrop.Restock.Analytics;
using Fairdrop.Restock.Waitlist;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Restock;

/// <summary>
/// Shopify's <c>orders/create</c> webhook: each line item whose variant is in the catalog becomes a purchase,
/// attributed to the buyer's alert within the window. Idempotent by order id: a redelivered webhook records nothing new.
/// </summary>
internal static class ShopifyOrderEndpoint
{
    private static readonly JsonSerializerOptions ShopifyJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void Map(RouteGroupBuilder open) =>
        open.MapPost("/shopify/{merchantId:guid}/orders", OrderAsync).WithSummary("Shopify orders/create webhook (X-Shopify-Hmac-Sha256): purchases for the funnel.");

    private static async Task<Results<Ok<ShopifyOrderOutcome>, ProblemHttpResult>> OrderAsync(
        Guid merchantId, HttpRequest http, RestockSettingsStore settings, RestockAnalytics analytics, CancellationToken cancellationToken)
    {
        if (await ShopifyWebhook.ReadVerifiedAsync(merchantId, http, settings, cancellationToken) is not { } body)
        {
            return Problems.From(RestockErrors.SignatureRejected());
        }

        ShopifyOrder? order;
        try
        {
            order = JsonSerializer.Deserialize<ShopifyOrder>(body, ShopifyJson);
        }
        catch (JsonException)
        {
            return Problems.From(new Error(ErrorCodes.MalformedJson, "The webhook body is not Shopify's order JSON."));
        }

        if (order is not { Id: > 0 })
        {
            return Problems.From(Error.Validation("id", "The order id is required."));
        }

        var recorded = 0;
        var skipped = 0;
        foreach (var item in order.LineItems ?? [])
        {
            // "NaN", "Infinity" and 1e309 parse; a price is only ever finite.
            var price = double.TryParse(item.Price, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && double.IsFinite(p) ? p : 0;
            if (item.VariantId is { } variant && item.Quantity > 0
                && await analytics.PurchaseAsync(merchantId, order.Id.ToString(CultureInfo.InvariantCulture), variant.ToString(CultureInfo.InvariantCulture),
                    item.Quantity, price * item.Quantity, order.Email, order.CreatedAt, cancellationToken) is { IsSuccess: true, Value: true })
            {
                recorded++;
            }
            else
            {
                // Products outside the catalog and line items already recorded (a redelivery) are no-ops.
                skipped++;
            }
        }

        return TypedResults.Ok(new ShopifyOrderOutcome(recorded, skipped));
    }
}

/// <summary>Shopify's order payload (the fields we read).</summary>
internal sealed record ShopifyOrder(long Id, string? Email, DateTimeOffset? CreatedAt, IReadOnlyList<ShopifyLineItem>? LineItems);

/// <summary>One line of a Shopify order.</summary>
internal sealed record ShopifyLineItem(long? VariantId, long Quantity, string? Price);

/// <summary>What an orders/create webhook recorded: purchases new to the funnel, and line items left alone.</summary>
internal sealed record ShopifyOrderOutcome(int Recorded, int Skipped);
