using Dapper;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Text;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Intake;
using Fairdrop.Restock.Rounds;
using Microsoft.Extensions.Options;

namespace Fairdrop.Restock.Analytics;

/// <summary>
/// Purchases attributed to alerts, and the funnel per product and round. What became of the alerts' deliveries
/// (sent, clicked through the exchange's tracked links) is the exchange's to say: read through its <see cref="DistributionTallies"/>.
/// </summary>
public sealed class RestockAnalytics(DbConnectionFactory connections, TimeProvider time, IOptions<RestockOptions> options, DistributionTallies tallies)
{
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

        // The contact's alerts are its subscriptions' deliveries keyed by each of the product's rounds (AlertKey),
        // found through the exchange's unique (merchant, source key) index.
        var alert = email is null ? null : await LatestAlertAsync(connection, merchantId, product.Value, email.Trim().ToLowerInvariant(), when, cancellationToken);
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
        var rows = await ComputedRows.QueryAsync<FunnelRow>(connection, new CommandDefinition(
            $"""
            SELECT p.external_id AS ProductId, p.title AS Title, r.id AS RoundId, r.status AS RoundStatus, COALESCE(r.waves, 0) AS Waves,
                (SELECT COUNT(*) FROM restock_subscriptions s WHERE s.product_id = p.id AND s.status = 'active') AS Waiting,
                CAST(0 AS BIGINT) AS Alerted, CAST(0 AS BIGINT) AS Sent, CAST(0 AS BIGINT) AS Clicked,
                (SELECT CAST(COALESCE(SUM(u.quantity), 0) AS BIGINT) FROM restock_purchases u WHERE u.round_id = r.id) AS Purchased,
                (SELECT COALESCE(SUM(u.revenue), 0.0) FROM restock_purchases u WHERE u.round_id = r.id) AS Revenue
            FROM restock_products p LEFT JOIN restock_rounds r ON r.product_id = p.id
            WHERE p.merchant_id = @merchantId {where} AND (r.id IS NOT NULL OR p.status <> 'none')
            ORDER BY p.external_id, r.opened_at DESC
            """,
            new { merchantId, productId },
            cancellationToken: cancellationToken), cancellationToken);
        return await WithDeliveriesAsync(merchantId, rows, cancellationToken);
    }

    /// <summary>How many alerts the merchant's rounds wrote, to how many distinct subscriptions, and every delivery of the merchant's that was sent.</summary>
    public async Task<AlertTotals> AlertTotalsAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var distinct = await connection.QuerySingleAsync<long>(new CommandDefinition(
            // An alert is its delivery keyed restock:{round}:{subscription}; the subscription is the key's last 36 characters.
            "SELECT COUNT(DISTINCT substr(source_key, length(source_key) - 35)) FROM exchange_deliveries WHERE merchant_id = @merchantId AND source_key LIKE 'restock:%'",
            new { merchantId }, cancellationToken: cancellationToken));
        var alerted = await connection.QuerySingleAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM exchange_deliveries WHERE merchant_id = @merchantId AND source_key LIKE 'restock:%'",
            new { merchantId }, cancellationToken: cancellationToken));
        var sent = await connection.QueryAsync<(string Channel, Guid Id)>(new CommandDefinition(
            "SELECT channel, id FROM exchange_deliveries WHERE merchant_id = @merchantId AND status = 'sent'",
            new { merchantId }, cancellationToken: cancellationToken));
        return new AlertTotals(alerted, distinct, sent.Select(d => new SentDelivery(d.Channel, d.Id)).ToList());
    }

    /// <summary>The alerts a merchant's restock wave number <paramref name="wave"/> sent (of any round), with each shopper's contact, in sending order.</summary>
    public async Task<IReadOnlyList<WaveAlert>> AlertsOfWaveAsync(Guid merchantId, int wave, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid DeliveryId, string Contact)>(new CommandDefinition(
            """
            SELECT d.id, s.contact FROM exchange_distributions x
            JOIN exchange_deliveries d ON d.distribution_id = x.id
            JOIN restock_subscriptions s ON s.merchant_id = d.merchant_id AND s.recipient_id = d.recipient_id
            WHERE x.merchant_id = @merchantId AND x.idempotency_key LIKE @wave AND d.source_key IS NOT NULL
            ORDER BY d.send_at, s.created_at
            """,
            new { merchantId, wave = $"restock:%:{wave}" },
            cancellationToken: cancellationToken));
        return rows.Select(r => new WaveAlert(r.DeliveryId, r.Contact)).ToList();
    }

    /// <summary>The latest alert of the contact's subscriptions to the product sent within the attribution window before <paramref name="when"/>.</summary>
    private async Task<(Guid RoundId, Guid SubscriptionId)?> LatestAlertAsync(
        System.Data.Common.DbConnection connection, Guid merchantId, Guid product, string email, DateTimeOffset when, CancellationToken cancellationToken)
    {
        var subscriptions = await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM restock_subscriptions WHERE product_id = @product AND contact = @email", new { product, email }, cancellationToken: cancellationToken));
        var rounds = (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM restock_rounds WHERE product_id = @product", new { product }, cancellationToken: cancellationToken))).AsList();
        var keys = new Dictionary<string, (Guid RoundId, Guid SubscriptionId)>(StringComparer.Ordinal);
        foreach (var subscription in subscriptions)
        {
            foreach (var round in rounds)
            {
                keys[AlertKey.Of(round, subscription)] = (round, subscription);
            }
        }

        var since = when - options.Value.AttributionWindow;
        var latest = (await KeyedDeliveries.FindAsync(connection, null, merchantId, keys.Keys, cancellationToken))
            .Where(d => d.SendAt <= when && d.SendAt >= since)
            .MaxBy(d => d.SendAt);
        return latest is null ? null : keys[latest.SourceKey];
    }

    /// <summary>
    /// Fills in each round's alerted, sent and clicked counts: the exchange's tallies of the round's wave distributions
    /// (idempotency keys <c>restock:{round}:{wave}</c>, the open wave included), whose deliveries are the round's alerts.
    /// </summary>
    private async Task<IReadOnlyList<FunnelRow>> WithDeliveriesAsync(Guid merchantId, IReadOnlyList<FunnelRow> rows, CancellationToken cancellationToken)
    {
        var waves = rows.Where(r => r.RoundId is not null)
            .SelectMany(r => Enumerable.Range(1, (int)r.Waves + 1).Select(w => (RoundId: r.RoundId!.Value, Key: $"restock:{r.RoundId}:{w}")))
            .ToList();
        if (waves.Count == 0)
        {
            return rows;
        }

        var counts = await tallies.CountByKeyAsync(merchantId, waves.Select(w => w.Key).ToList(), cancellationToken);
        var byRound = waves.GroupBy(w => w.RoundId).ToDictionary(
            g => g.Key,
            g => g.Aggregate(default(DistributionTally), (sum, w) => counts.TryGetValue(w.Key, out var t)
                ? new(sum.Deliveries + t.Deliveries, sum.Sent + t.Sent, sum.Clicked + t.Clicked)
                : sum));
        return rows.Select(r => r.RoundId is { } id && byRound.TryGetValue(id, out var t) ? r with { Alerted = t.Deliveries, Sent = t.Sent, Clicked = t.Clicked } : r).ToList();
    }
}
