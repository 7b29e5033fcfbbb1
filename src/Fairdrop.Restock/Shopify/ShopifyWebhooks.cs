using System.Globalization;
using System.Text.Json;
using Fairdrop.Core.Errors;
using Fairdrop.Restock.Analytics;
using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Holds;
using Fairdrop.Restock.Inventory;
using Fairdrop.Restock.Telemetry;
using Fairdrop.Restock.Waitlist;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Restock.Shopify;

/// <summary>
/// Shopify's webhooks, verified against the merchant's secret and applied: <c>inventory_levels/update</c> moves stock,
/// <c>orders/create</c> records each catalog line as a purchase. A signature that does not match is refused before the
/// body is parsed or anything is applied (<see cref="RestockErrors.SignatureRejected"/>).
/// </summary>
public sealed class ShopifyWebhooks
{
    private const string InventoryTopic = "inventory_levels/update";
    private const string OrderTopic = "orders/create";
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly RestockSettingsStore _settings;
    private readonly ProductStore _products;
    private readonly InventoryService _inventory;
    private readonly RestockAnalytics _analytics;
    private readonly HoldService _holds;
    private readonly RestockMetrics _metrics;
    private readonly ILogger _logger;

    internal ShopifyWebhooks(
        RestockSettingsStore settings, ProductStore products, InventoryService inventory, RestockAnalytics analytics, HoldService holds, RestockMetrics metrics, ILogger<ShopifyWebhooks> logger)
    {
        _settings = settings;
        _products = products;
        _inventory = inventory;
        _analytics = analytics;
        _holds = holds;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>An inventory level: the product whose inventory item (or id) it names gets the new stock, never below 0.</summary>
    public async Task<Result<IReadOnlyList<InventoryOutcome>>> InventoryLevelAsync(Guid merchantId, ShopifyWebhook webhook, CancellationToken cancellationToken) =>
        Recorded(InventoryTopic, merchantId, await ApplyInventoryLevelAsync(merchantId, webhook, cancellationToken));

    /// <summary>
    /// An order: each line whose variant is a product's id becomes a purchase; idempotent by order id, so a redelivery
    /// records nothing. A line bought under a hold (its <c>_fairdrop_hold</c> property) ends that hold: the sale has
    /// taken the unit from the stock, and a hold left running would take it a second time from the next wave.
    /// </summary>
    public async Task<Result<ShopifyOrderOutcome>> OrderAsync(Guid merchantId, ShopifyWebhook webhook, CancellationToken cancellationToken) =>
        Recorded(OrderTopic, merchantId, await RecordOrderAsync(merchantId, webhook, cancellationToken));

    private async Task<Result<IReadOnlyList<InventoryOutcome>>> ApplyInventoryLevelAsync(Guid merchantId, ShopifyWebhook webhook, CancellationToken cancellationToken)
    {
        if (!await VerifiedAsync(merchantId, webhook, cancellationToken))
        {
            return RestockErrors.SignatureRejected();
        }

        if (!TryRead<ShopifyInventoryLevel>(webhook, "The webhook body is not Shopify's inventory level JSON.", out var level, out var malformed))
        {
            return malformed;
        }

        if (level?.Available is not { } available)
        {
            return Error.Validation("available", "available is required.");
        }

        var item = level.InventoryItemId.ToString(CultureInfo.InvariantCulture);
        var productId = await _products.ExternalIdOfItemAsync(merchantId, item, cancellationToken) ?? item;
        var eventId = string.IsNullOrEmpty(webhook.WebhookId) ? $"shopify:{item}:{level.UpdatedAt?.ToUnixTimeMilliseconds()}" : "shopify:" + webhook.WebhookId;
        return await _inventory.ReceiveAsync(merchantId, [new InventoryMessage(eventId, productId, Math.Max(0, available), level.UpdatedAt)], cancellationToken);
    }

    private async Task<Result<ShopifyOrderOutcome>> RecordOrderAsync(Guid merchantId, ShopifyWebhook webhook, CancellationToken cancellationToken)
    {
        if (!await VerifiedAsync(merchantId, webhook, cancellationToken))
        {
            return RestockErrors.SignatureRejected();
        }

        if (!TryRead<ShopifyOrder>(webhook, "The webhook body is not Shopify's order JSON.", out var order, out var malformed))
        {
            return malformed;
        }

        if (order is not { Id: > 0 })
        {
            return Error.Validation("id", "The order id is required.");
        }

        var orderId = order.Id.ToString(CultureInfo.InvariantCulture);
        var recorded = 0;
        var skipped = 0;
        foreach (var item in order.LineItems ?? [])
        {
            // "NaN", "Infinity" and 1e309 parse; a price is only ever finite.
            var price = double.TryParse(item.Price, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && double.IsFinite(p) ? p : 0;
            if (item.VariantId is { } variant && item.Quantity > 0
                && await _analytics.PurchaseAsync(merchantId, orderId, variant.ToString(CultureInfo.InvariantCulture),
                    item.Quantity, price * item.Quantity, order.Email, order.CreatedAt, cancellationToken) is { IsSuccess: true, Value: true })
            {
                recorded++;
            }
            else
            {
                // Products outside the catalog and line items already recorded (a redelivery) are no-ops.
                skipped++;
            }

            if (item.Hold is { } hold && item.VariantId is { } product)
            {
                await _holds.SoldAsync(merchantId, hold, product.ToString(CultureInfo.InvariantCulture), cancellationToken);
            }
        }

        Log.ShopifyOrderRecorded(_logger, orderId, merchantId, recorded, skipped);
        return new ShopifyOrderOutcome(recorded, skipped);
    }

    private Result<T> Recorded<T>(string topic, Guid merchantId, Result<T> result)
    {
        var error = result.Error;
        _metrics.Webhook(topic, error?.Code ?? "ok");
        if (error is { Kind: ErrorKind.Forbidden })
        {
            Log.ShopifySignatureRejected(_logger, topic, merchantId);
        }

        return result;
    }

    private async Task<bool> VerifiedAsync(Guid merchantId, ShopifyWebhook webhook, CancellationToken cancellationToken)
    {
        var secret = await _settings.ShopifySecretAsync(merchantId, cancellationToken);
        return ShopifySignature.IsValid(webhook.Body.Span, webhook.Signature, secret);
    }

    private static bool TryRead<T>(ShopifyWebhook webhook, string message, out T? payload, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out Error? error)
    {
        try
        {
            payload = JsonSerializer.Deserialize<T>(webhook.Body.Span, Json);
            error = null;
            return true;
        }
        catch (JsonException)
        {
            payload = default;
            error = new Error(ErrorCodes.MalformedJson, message);
            return false;
        }
    }
}
