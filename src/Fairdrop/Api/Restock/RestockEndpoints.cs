using System.Security.Claims;
using Fairdrop.Auth;
using Fairdrop.Core.Errors;
using Fairdrop.Hosting;
using Fairdrop.Restock.Analytics;
using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Inventory;
using Fairdrop.Restock.Shopify;
using Fairdrop.Restock.Waitlist;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fairdrop.Api.Restock;

/// <summary>
/// Restock alerts: the merchant's catalog, inventory, holds and waitlists; the storefront's subscribe and unsubscribe
/// (publishable key); Shopify's inventory webhook (HMAC); the funnel. Alert links are the exchange's tracked links (/api/v1/exchange/r/{token}).
/// </summary>
internal static class RestockEndpoints
{
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
        HoldEndpoints.Map(merchant);

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

    private static async Task<Results<NoContent, ProblemHttpResult>> ShopifyAsync(ShopifySecretRequest request, ClaimsPrincipal user, RestockSettingsStore settings, CancellationToken cancellationToken) =>
        (await settings.SetShopifySecretAsync(user.GetMerchantId(), request.Secret, cancellationToken)).TryGetValue(out _, out var error)
            ? TypedResults.NoContent()
            : Problems.From(error);

    private static async Task<Results<Ok<IReadOnlyList<string>>, ProblemHttpResult>> OriginsAsync(
        OriginsRequest request, ClaimsPrincipal user, RestockSettingsStore settings, CancellationToken cancellationToken) =>
        (await settings.SetAllowedOriginsAsync(user.GetMerchantId(), request.Origins, cancellationToken)).ToOk();

    private static async Task<Results<Ok<int>, ProblemHttpResult>> ProductsAsync(ProductsRequest request, ClaimsPrincipal user, ProductStore products, CancellationToken cancellationToken) =>
        (await products.UpsertAsync(user.GetMerchantId(), request.Products ?? [], cancellationToken)).ToOk();

    private static async Task<Results<Ok<Page<Product>>, ValidationProblem>> ListProductsAsync(
        ClaimsPrincipal user, ProductStore products, string? after, CancellationToken cancellationToken, int limit = Page.DefaultLimit) =>
        Page.InvalidLimit(limit) is { } problem
            ? problem
            : TypedResults.Ok(Page.Of(await products.ListAsync(user.GetMerchantId(), after, limit, cancellationToken), limit, p => p.ExternalId, p => p));

    private static async Task<Results<Ok<IReadOnlyList<InventoryOutcome>>, ProblemHttpResult>> InventoryAsync(InventoryRequest request, ClaimsPrincipal user, InventoryService inventory, CancellationToken cancellationToken) =>
        (await inventory.ReceiveAsync(user.GetMerchantId(), request.Events ?? [], cancellationToken)).ToOk();

    private static async Task<Results<Ok<IReadOnlyList<InventoryOutcome>>, ProblemHttpResult>> SnapshotAsync(SnapshotRequest request, ClaimsPrincipal user, InventoryService inventory, TimeProvider time, CancellationToken cancellationToken) =>
        (await inventory.ReconcileAsync(user.GetMerchantId(), request.TakenAt ?? time.GetUtcNow(), request.Available ?? new Dictionary<string, long>(), cancellationToken)).ToOk();

    private static async Task<Results<Created<SubscriptionResponse>, Ok<SubscriptionResponse>, ProblemHttpResult>> MerchantSubscribeAsync(
        SubscribeRequest request, ClaimsPrincipal user, WaitlistService waitlist, HttpContext http, CancellationToken cancellationToken) =>
        Subscribed(await waitlist.SubscribeAsync(user.GetMerchantId(), request, cancellationToken));

    private static async Task<Results<Created<SubscriptionResponse>, Ok<SubscriptionResponse>, ProblemHttpResult>> PublicSubscribeAsync(
        PublicSubscribeRequest request, HttpContext http, StorefrontWaitlist storefront, CancellationToken cancellationToken)
    {
        var caller = new StorefrontCaller(
            request.PublishableKey ?? http.Request.Headers["X-Fairdrop-Publishable-Key"].ToString(), http.Request.Headers.Origin.ToString(), http.Connection.RemoteIpAddress?.ToString());
        var result = await storefront.SubscribeAsync(caller, request.ToSubscribeRequest(), cancellationToken);
        StorefrontCors.Admit(http, caller.Origin, StorefrontWaitlist.Admitted(result));
        return Subscribed(result);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UnsubscribeAsync(string token, WaitlistService waitlist, CancellationToken cancellationToken) =>
        await waitlist.UnsubscribeAsync(token, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound("The subscription");

    private static async Task<Results<Ok<Page<SubscriptionResponse>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, WaitlistService waitlist, string? productId, Guid? after, CancellationToken cancellationToken, int limit = Page.DefaultLimit) =>
        Page.InvalidLimit(limit) is { } problem
            ? problem
            : TypedResults.Ok(Page.Of(
                await waitlist.ListAsync(user.GetMerchantId(), productId, after, limit, cancellationToken), limit, s => s.Id, s => SubscriptionResponse.From(s, withToken: false)));

    private static async Task ExportAsync(HttpContext context, ClaimsPrincipal user, WaitlistService waitlist, string? productId, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "text/csv";
        await waitlist.ExportCsvAsync(user.GetMerchantId(), productId, context.Response.Body, cancellationToken);
    }

    private static async Task<Results<Ok<bool>, ProblemHttpResult>> PurchaseAsync(PurchaseRequest request, ClaimsPrincipal user, RestockAnalytics analytics, CancellationToken cancellationToken) =>
        (await analytics.PurchaseAsync(user.GetMerchantId(), request.OrderId ?? string.Empty, request.ProductId ?? string.Empty,
            request.Quantity ?? 0, request.Revenue ?? 0, request.Email, request.PurchasedAt, cancellationToken)).ToOk();

    private static async Task<Ok<IReadOnlyList<FunnelRow>>> FunnelAsync(ClaimsPrincipal user, RestockAnalytics analytics, string? productId, CancellationToken cancellationToken) =>
        TypedResults.Ok(await analytics.FunnelAsync(user.GetMerchantId(), productId, cancellationToken));

    private static async Task<Results<Ok<IReadOnlyList<InventoryOutcome>>, ProblemHttpResult>> ShopifyWebhookAsync(
        Guid merchantId, HttpRequest http, ShopifyWebhooks shopify, CancellationToken cancellationToken) =>
        (await shopify.InventoryLevelAsync(merchantId, await ShopifyRequest.ReadAsync(http, cancellationToken), cancellationToken)).ToOk();

    private static Results<Created<SubscriptionResponse>, Ok<SubscriptionResponse>, ProblemHttpResult> Subscribed(Result<SubscribeResult> result)
    {
        if (!result.TryGetValue(out var subscribed, out var error))
        {
            return Problems.From(error);
        }

        var response = SubscriptionResponse.From(subscribed.Subscription, withToken: true);
        return subscribed.Created ? TypedResults.Created($"/api/v1/restock/subscriptions/{response.Id}", response) : TypedResults.Ok(response);
    }
}
