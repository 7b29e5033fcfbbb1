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

    /// <summary>How many alerts the merchant's rounds wrote, and to how many distinct subscriptions (equal when no subscription was alerted twice).</summary>
    public async Task<AlertTotals> AlertTotalsAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var subscriptions = new HashSet<Guid>();
        long alerted = 0;
        string? after = null;
        while (true)
        {
            // The alerts are the exchange's deliveries keyed restock:{round}:{subscription}, read through its intake.
            var page = await KeyedDeliveries.PageAsync(connection, null, merchantId, AlertKey.Prefix, after, 1000, cancellationToken);
            foreach (var delivery in page)
            {
                alerted++;
                subscriptions.Add(AlertKey.SubscriptionOf(delivery.SourceKey));
            }

            if (page.Count < 1000)
            {
                return new AlertTotals(alerted, subscriptions.Count);
            }

            after = page[^1].SourceKey;
        }
    }

    /// <summary>The alerts a merchant's restock wave number <paramref name="wave"/> sent (of any round), with each shopper's contact, in sending order.</summary>
    public async Task<IReadOnlyList<WaveAlert>> AlertsOfWaveAsync(Guid merchantId, int wave, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rounds = await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM restock_rounds WHERE merchant_id = @merchantId", new { merchantId }, cancellationToken: cancellationToken));
        var waveKeys = rounds.Select(round => $"restock:{round}:{wave}").ToList();
        var alerts = await KeyedDeliveries.OfDistributionsAsync(connection, null, merchantId, waveKeys, cancellationToken);
        var contacts = new Dictionary<Guid, (string Contact, DateTimeOffset CreatedAt)>();
        foreach (var chunk in alerts.Select(a => AlertKey.SubscriptionOf(a.SourceKey)).Distinct().Chunk(500))
        {
            var parameters = new DynamicParameters(new { merchantId });
            var ids = SqlList.In("id", chunk, parameters, "s");
            foreach (var row in await connection.QueryAsync<(Guid Id, string Contact, DateTimeOffset CreatedAt)>(new CommandDefinition(
                $"SELECT id, contact, created_at FROM restock_subscriptions WHERE merchant_id = @merchantId AND {ids}", parameters, cancellationToken: cancellationToken)))
            {
                contacts[row.Id] = (row.Contact, row.CreatedAt);
            }
        }

        return alerts
            .Select(a => (Alert: a, Subscriber: contacts[AlertKey.SubscriptionOf(a.SourceKey)]))
            .OrderBy(x => x.Alert.SendAt).ThenBy(x => x.Subscriber.CreatedAt)
            .Select(x => new WaveAlert(x.Alert.Id, x.Subscriber.Contact))
            .ToList();
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
