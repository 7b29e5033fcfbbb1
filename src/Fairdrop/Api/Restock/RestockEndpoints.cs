using System.Security.Claims;
using System.Text.Json;
using Dapper;
using Fairdrop.Auth;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Storage;
using Fairdrop.Hosting;
using Fairdrop.Restock;
using Fairdrop.Restock.Analytics;
using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Inventory;
using Fairdrop.Restock.Waitlist;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fairdrop.Api.Restock;

/// <summary>
/// Restock alerts: the merchant's catalog, inventory and waitlists; the storefront's subscribe and unsubscribe
/// (publishable key); Shopify's inventory webhook (HMAC); the funnel. Alert links are the exchange's tracked links (/api/v1/exchange/r/{token}).
/// </summary>
internal static class RestockEndpoints
{
    private static readonly JsonSerializerOptions ShopifyJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static RouteGroupBuilder MapRestockEndpoints(this RouteGroupBuilder api)
    {
        var merchant = api.MapGroup("/").RequireAuthorization(Policies.Merchant).WithTags("Restock");
        merchant.MapGet("/restock/settings", SettingsAsync).WithSummary("The storefront's publishable key (created on first call).");
        merchant.MapPut("/restock/settings/shopify", ShopifyAsync).WithSummary("Set the Shopify webhook secret.");
        merchant.MapPut("/restock/settings/origins", OriginsAsync).WithSummary("Set the storefront origins allowed to subscribe from a browser (CORS).");
        merchant.MapPost("/restock/products", ProductsAsync).WithSummary("Upsert variants in bulk (≤ 10,000).");
        merchant.MapGet("/restock/products", ListProductsAsync).WithSummary("List the catalog with each product's status.");
        merchant.MapPost("/inventory", InventoryAsync).WithSummary("Inventory events (product → available), idempotent by eventId.");
        merchant.MapPost("/inventory/snapshot", SnapshotAsync).WithSummary("Reconcile with a full inventory snapshot.");
        merchant.MapPost("/restock/subscriptions", MerchantSubscribeAsync).WithSummary("Subscribe a shopper from the merchant's backend (tier allowed).");
        merchant.MapGet("/restock/subscriptions", ListAsync).WithSummary("List the waitlist (cursor paging).");
        merchant.MapGet("/restock/subscriptions.csv", ExportAsync).WithSummary("Export the waitlist as CSV.");
        merchant.MapPost("/restock/purchases", PurchaseAsync).WithSummary("Report a purchase, attributed to an alert within the window.");
        merchant.MapGet("/restock/funnel", FunnelAsync).WithSummary("waiting → alerted → sent → clicked → purchased → revenue, per product and round.");

        var open = api.MapGroup("/public/restock").AllowAnonymous().WithTags("Restock (storefront)");
        open.MapPost("/subscriptions", PublicSubscribeAsync).WithSummary("Subscribe a shopper (publishable key; allowed origins; rate-limited).");
        open.MapMethods("/subscriptions", [HttpMethods.Options], StorefrontCors.Preflight).ExcludeFromDescription();
        open.MapDelete("/subscriptions/{token}", UnsubscribeAsync).WithSummary("Leave the waitlist with the token given at subscription.");
        open.MapPost("/shopify/{merchantId:guid}/inventory-levels", ShopifyWebhookAsync).WithSummary("Shopify inventory_levels/update webhook (X-Shopify-Hmac-Sha256).");
        ShopifyOrderEndpoint.Map(open);
        return api;
    }

    private static async Task<Ok<RestockSettingsResponse>> SettingsAsync(ClaimsPrincipal user, RestockSettingsStore settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(new RestockSettingsResponse(await settings.EnsureKeyAsync(user.GetMerchantId(), cancellationToken)));

    private static async Task<Results<NoContent, ProblemHttpResult>> ShopifyAsync(ShopifySecretRequest request, ClaimsPrincipal user, RestockSettingsStore settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Secret))
        {
            return Problems.From(Error.Validation("secret", "secret is required."));
        }

        await settings.SetShopifySecretAsync(user.GetMerchantId(), request.Secret, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<IReadOnlyList<string>>, ProblemHttpResult>> OriginsAsync(
        OriginsRequest request, ClaimsPrincipal user, RestockSettingsStore settings, CancellationToken cancellationToken)
    {
        var origins = StorefrontCors.Parse(request.Origins);
        if (!origins.IsSuccess)
        {
            return Problems.From(origins.Error!);
        }

        await settings.SetAllowedOriginsAsync(user.GetMerchantId(), origins.Value!, cancellationToken);
        return TypedResults.Ok(origins.Value!);
    }

    private static async Task<Results<Ok<int>, ProblemHttpResult>> ProductsAsync(ProductsRequest request, ClaimsPrincipal user, ProductStore products, CancellationToken cancellationToken)
    {
        var result = await products.UpsertAsync(user.GetMerchantId(), request.Products ?? [], cancellationToken);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : Problems.From(result.Error!);
    }

    private static async Task<Ok<IReadOnlyList<Product>>> ListProductsAsync(ClaimsPrincipal user, ProductStore products, string? after, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await products.ListAsync(user.GetMerchantId(), after, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken));

    private static async Task<Results<Ok<IReadOnlyList<InventoryOutcome>>, ProblemHttpResult>> InventoryAsync(InventoryRequest request, ClaimsPrincipal user, InventoryService inventory, CancellationToken cancellationToken) =>
        Outcomes(await inventory.ReceiveAsync(user.GetMerchantId(), request.Events ?? [], cancellationToken));

    private static async Task<Results<Ok<IReadOnlyList<InventoryOutcome>>, ProblemHttpResult>> SnapshotAsync(SnapshotRequest request, ClaimsPrincipal user, InventoryService inventory, TimeProvider time, CancellationToken cancellationToken) =>
        Outcomes(await inventory.ReconcileAsync(user.GetMerchantId(), request.TakenAt ?? time.GetUtcNow(), request.Available ?? new Dictionary<string, long>(), cancellationToken));

    private static async Task<Results<Created<SubscriptionResponse>, Ok<SubscriptionResponse>, ProblemHttpResult>> MerchantSubscribeAsync(SubscribeRequest request, ClaimsPrincipal user, WaitlistService waitlist, CancellationToken cancellationToken) =>
        Subscribed(await waitlist.SubscribeAsync(user.GetMerchantId(), request, cancellationToken));

    private static async Task<Results<Created<SubscriptionResponse>, Ok<SubscriptionResponse>, ProblemHttpResult>> PublicSubscribeAsync(
        PublicSubscribeRequest request, HttpContext http, RestockSettingsStore settings, SubscribeRateLimiter limiter, WaitlistService waitlist, CancellationToken cancellationToken)
    {
        var key = request.PublishableKey ?? http.Request.Headers["X-Fairdrop-Publishable-Key"].ToString();
        if (limiter.TryAcquire(http.Connection.RemoteIpAddress?.ToString(), key) is { } retryAfter)
        {
            return StorefrontCors.RateLimited(http, retryAfter);
        }

        if (await settings.MerchantOfKeyAsync(key, cancellationToken) is not { } merchantId)
        {
            return Problems.From(RestockErrors.KeyRejected());
        }

        if (await StorefrontCors.CheckAsync(http, merchantId, settings, cancellationToken) is { } refused)
        {
            return refused;
        }

        // The storefront never sets a priority tier; only the merchant's backend does.
        return Subscribed(await waitlist.SubscribeAsync(merchantId, new SubscribeRequest(
            request.ProductId, request.Channel, request.Contact, request.ConsentText, request.TimeZone, request.QuietStart, request.QuietEnd), cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UnsubscribeAsync(string token, WaitlistService waitlist, CancellationToken cancellationToken) =>
        await waitlist.UnsubscribeAsync(token, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound("The subscription");

    private static async Task<Ok<IReadOnlyList<SubscriptionResponse>>> ListAsync(ClaimsPrincipal user, WaitlistService waitlist, string? productId, Guid? after, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<SubscriptionResponse>>((await waitlist.ListAsync(user.GetMerchantId(), productId, after, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken))
            .Select(s => Response(s, withToken: false)).ToList());

    private static async Task ExportAsync(HttpContext context, ClaimsPrincipal user, WaitlistService waitlist, string? productId, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "text/csv";
        await context.Response.WriteAsync("id,channel,contact,status,tier,created_at,expires_at\n", cancellationToken);
        Guid? after = null;
        while (true)
        {
            var page = await waitlist.ListAsync(user.GetMerchantId(), productId, after, 1000, cancellationToken);
            foreach (var s in page)
            {
                await context.Response.WriteAsync($"{s.Id},{s.Channel},\"{s.Contact.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{s.Status},{s.Tier},{s.CreatedAt:O},{s.ExpiresAt:O}\n", cancellationToken);
            }

            if (page.Count < 1000)
            {
                return;
            }

            after = page[^1].Id;
        }
    }

    private static async Task<Results<Ok<bool>, ProblemHttpResult>> PurchaseAsync(PurchaseRequest request, ClaimsPrincipal user, RestockAnalytics analytics, CancellationToken cancellationToken)
    {
        var result = await analytics.PurchaseAsync(user.GetMerchantId(), request.OrderId ?? string.Empty, request.ProductId ?? string.Empty,
            request.Quantity ?? 0, request.Revenue ?? 0, request.Email, request.PurchasedAt, cancellationToken);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : Problems.From(result.Error!);
    }

    private static async Task<Ok<IReadOnlyList<FunnelRow>>> FunnelAsync(ClaimsPrincipal user, RestockAnalytics analytics, string? productId, CancellationToken cancellationToken) =>
        TypedResults.Ok(await analytics.FunnelAsync(user.GetMerchantId(), productId, cancellationToken));

    private static async Task<Results<Ok<IReadOnlyList<InventoryOutcome>>, ProblemHttpResult>> ShopifyWebhookAsync(
        Guid merchantId, HttpRequest http, RestockSettingsStore settings, InventoryService inventory, DbConnectionFactory connections, CancellationToken cancellationToken)
    {
        if (await ShopifyWebhook.ReadVerifiedAsync(merchantId, http, settings, cancellationToken) is not { } body)
        {
            return Problems.From(RestockErrors.SignatureRejected());
        }

        ShopifyInventoryLevel? level;
        try
        {
            level = JsonSerializer.Deserialize<ShopifyInventoryLevel>(body, ShopifyJson);
        }
        catch (JsonException)
        {
            return Problems.From(new Error(ErrorCodes.MalformedJson, "The webhook body is not Shopify's inventory level JSON."));
        }

        if (level?.Available is not { } available)
        {
            return Problems.From(Error.Validation("available", "available is required."));
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        var productId = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT external_id FROM restock_products WHERE merchant_id = @merchantId AND (inventory_item_id = @item OR external_id = @item)",
            new { merchantId, item = level.InventoryItemId.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            cancellationToken: cancellationToken));
        var eventId = http.Headers["X-Shopify-Webhook-Id"].ToString();
        return Outcomes(await inventory.ReceiveAsync(merchantId, [new InventoryMessage(
            string.IsNullOrEmpty(eventId) ? $"shopify:{level.InventoryItemId}:{level.UpdatedAt?.ToUnixTimeMilliseconds()}" : "shopify:" + eventId,
            productId ?? level.InventoryItemId.ToString(System.Globalization.CultureInfo.InvariantCulture), Math.Max(0, available), level.UpdatedAt)], cancellationToken));
    }

    private static Results<Ok<IReadOnlyList<InventoryOutcome>>, ProblemHttpResult> Outcomes(Result<IReadOnlyList<InventoryOutcome>> result) =>
        result.IsSuccess ? TypedResults.Ok(result.Value!) : Problems.From(result.Error!);

    private static Results<Created<SubscriptionResponse>, Ok<SubscriptionResponse>, ProblemHttpResult> Subscribed(Result<SubscribeResult> result)
    {
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        var response = Response(result.Value!.Subscription, withToken: true);
        return result.Value.Created ? TypedResults.Created($"/api/v1/restock/subscriptions/{response.Id}", response) : TypedResults.Ok(response);
    }

    private static SubscriptionResponse Response(Subscription s, bool withToken) =>
        new(s.Id, s.Channel, s.Contact, s.Status, s.Tier, s.CreatedAt, s.ExpiresAt, withToken ? s.UnsubscribeToken : null);
}
