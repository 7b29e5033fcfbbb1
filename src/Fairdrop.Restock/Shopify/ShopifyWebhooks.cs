using System.Globalization;
using System.Text.Json;
using Fairdrop.Core.Errors;
using Fairdrop.Restock.Analytics;
using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Inventory;
using Fairdrop.Restock.Waitlist;

namespace Fairdrop.Restock.Shopify;

/// <summary>
/// Shopify's webhooks, verified against the merchant's secret and applied: <c>inventory_levels/update</c> moves stock,
/// <c>orders/create</c> records each catalog line as a purchase. A signature that does not match is refused before the
/// body is read (<see cref="RestockErrors.SignatureRejected"/>).
/// </summary>
public sealed class ShopifyWebhooks(RestockSettingsStore settings, ProductStore products, InventoryService inventory, RestockAnalytics analytics)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>An inventory level: the product whose inventory item (or id) it names gets the new stock, never below 0.</summary>
    public async Task<Result<IReadOnlyList<InventoryOutcome>>> InventoryLevelAsync(Guid merchantId, ShopifyWebhook webhook, CancellationToken cancellationToken)
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
        var productId = await products.ExternalIdOfItemAsync(merchantId, item, cancellationToken) ?? item;
        var eventId = string.IsNullOrEmpty(webhook.WebhookId) ? $"shopify:{item}:{level.UpdatedAt?.ToUnixTimeMilliseconds()}" : "shopify:" + webhook.WebhookId;
        return await inventory.ReceiveAsync(merchantId, [new InventoryMessage(eventId, productId, Math.Max(0, available), level.UpdatedAt)], cancellationToken);
    }

    /// <summary>An order: each line whose variant is a product's id becomes a purchase; idempotent by order id, so a redelivery records nothing.</summary>
    public async Task<Result<ShopifyOrderOutcome>> OrderAsync(Guid merchantId, ShopifyWebhook webhook, CancellationToken cancellationToken)
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
                && await analytics.PurchaseAsync(merchantId, orderId, variant.ToString(CultureInfo.InvariantCulture),
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

        return new ShopifyOrderOutcome(recorded, skipped);
    }

    private async Task<bool> VerifiedAsync(Guid merchantId, ShopifyWebhook webhook, CancellationToken cancellationToken)
    {
        var secret = await settings.ShopifySecretAsync(merchantId, cancellationToken);
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
