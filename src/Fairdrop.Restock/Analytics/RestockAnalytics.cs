using Dapper;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Text;
using Microsoft.Extensions.Options;

namespace Fairdrop.Restock.Analytics;

/// <summary>Clicks on tracked links, purchases attributed to alerts, and the funnel per product and round.</summary>
public sealed class RestockAnalytics(DbConnectionFactory connections, TimeProvider time, IOptions<RestockOptions> options)
{
    /// <summary>Records the first click of a tracked link and returns where it leads; null when the link is unknown.</summary>
    public async Task<string?> ClickAsync(Guid roundId, string recipientExternalId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // The round, then the shopper's subscription to its product (migration 0003's index), then the one alert: joined
        // from the round's alerts it read every alert of the round (100,000: 88.9 ms against 0.19 ms).
        var target = await connection.QuerySingleOrDefaultAsync<(Guid SubscriptionId, string? Url)?>(new CommandDefinition(
            """
            SELECT a.subscription_id, p.url FROM restock_rounds r
            JOIN restock_subscriptions s ON s.product_id = r.product_id AND s.recipient_external_id = @recipientExternalId
            JOIN restock_alerts a ON a.round_id = r.id AND a.subscription_id = s.id
            JOIN restock_products p ON p.id = r.product_id
            WHERE r.id = @roundId
            """,
            new { roundId, recipientExternalId },
            cancellationToken: cancellationToken));
        if (target is not { } t)
        {
            return null;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE restock_alerts SET clicked_at = @now WHERE round_id = @roundId AND subscription_id = @SubscriptionId AND clicked_at IS NULL",
            new { now = time.GetUtcNow(), roundId, t.SubscriptionId },
            cancellationToken: cancellationToken));
        return t.Url ?? "/";
    }

    /// <summary>Records a purchase (idempotent by order and product), attributed to the contact's latest alert within the window.</summary>
    public async Task<Result<bool>> PurchaseAsync(Guid merchantId, string orderId, string productId, long quantity, double revenue, string? email, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(orderId) || quantity <= 0 || !(revenue >= 0 && double.IsFinite(revenue)))
        {
            return Error.Validation("orderId", "orderId, a positive quantity and a non-negative revenue are required.");
        }

        if ((PlainText.Check("orderId", orderId) ?? PlainText.Check("productId", productId)) is { } error)
        {
            return error;
        }

        var when = at ?? time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        var product = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM restock_products WHERE merchant_id = @merchantId AND external_id = @productId", new { merchantId, productId }, cancellationToken: cancellationToken));
        if (product is null)
        {
            return RestockErrors.ProductNotFound(productId);
        }

        // Through the product's rounds: restock_alerts is keyed by (round, subscription), and joined on the subscription
        // alone it was read whole for every purchase (100,000 alerts: 1,057 ms against 1.5 ms).
        var alert = email is null ? null : await connection.QueryFirstOrDefaultAsync<(Guid RoundId, Guid SubscriptionId)?>(new CommandDefinition(
            """
            SELECT a.round_id, a.subscription_id FROM restock_subscriptions s
            JOIN restock_rounds r ON r.product_id = s.product_id
            JOIN restock_alerts a ON a.round_id = r.id AND a.subscription_id = s.id
            WHERE s.product_id = @product AND s.contact = @email AND a.send_at <= @when AND a.send_at >= @since ORDER BY a.send_at DESC LIMIT 1
            """,
            new { product, email = email.Trim().ToLowerInvariant(), when, since = when - options.Value.AttributionWindow },
            cancellationToken: cancellationToken));
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO restock_purchases (merchant_id, order_id, product_id, quantity, revenue, round_id, subscription_id, purchased_at)
            VALUES (@merchantId, @orderId, @product, @quantity, @revenue, @roundId, @subscriptionId, @when) ON CONFLICT (merchant_id, order_id, product_id) DO NOTHING
            """,
            new { merchantId, orderId, product, quantity, revenue, roundId = alert?.RoundId, subscriptionId = alert?.SubscriptionId, when },
            cancellationToken: cancellationToken));
        return inserted == 1;
    }

    /// <summary>One row per round (and one per product that never had one), newest round first.</summary>
    public async Task<IReadOnlyList<FunnelRow>> FunnelAsync(Guid merchantId, string? productId, CancellationToken cancellationToken)
    {
        var where = productId is null ? string.Empty : " AND p.external_id = @productId";
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await ComputedRows.QueryAsync<FunnelRow>(connection, new CommandDefinition(
            $"""
            SELECT p.external_id AS ProductId, p.title AS Title, r.id AS RoundId, r.status AS RoundStatus, COALESCE(r.waves, 0) AS Waves,
                (SELECT COUNT(*) FROM restock_subscriptions s WHERE s.product_id = p.id AND s.status = 'active') AS Waiting,
                (SELECT COUNT(*) FROM restock_alerts a WHERE a.round_id = r.id) AS Alerted,
                (SELECT COUNT(*) FROM restock_alerts a JOIN exchange_deliveries d ON d.id = a.delivery_id WHERE a.round_id = r.id AND d.status = 'sent') AS Sent,
                (SELECT COUNT(*) FROM restock_alerts a WHERE a.round_id = r.id AND a.clicked_at IS NOT NULL) AS Clicked,
                (SELECT CAST(COALESCE(SUM(u.quantity), 0) AS BIGINT) FROM restock_purchases u WHERE u.round_id = r.id) AS Purchased,
                (SELECT COALESCE(SUM(u.revenue), 0.0) FROM restock_purchases u WHERE u.round_id = r.id) AS Revenue
            FROM restock_products p LEFT JOIN restock_rounds r ON r.product_id = p.id
            WHERE p.merchant_id = @merchantId {where} AND (r.id IS NOT NULL OR p.status <> 'none')
            ORDER BY p.external_id, r.opened_at DESC
            """,
            new { merchantId, productId },
            cancellationToken: cancellationToken), cancellationToken);
    }
}
