using System.Data.Common;
using System.Text.Json;
using Dapper;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Intake;
using Fairdrop.Restock.Catalog;

namespace Fairdrop.Restock.Rounds;

/// <summary>
/// The optional "sold out again — you are still on the list" message (<see cref="RestockOptions.SoldOutNotice"/>):
/// when a round pauses, every shopper it alerted who has not bought gets one, through the exchange. One distribution
/// per round (idempotency key <c>restock:{round}:sold-out</c>) and its unique (distribution, recipient) deliveries make
/// it once per round per shopper, however often the round pauses.
/// </summary>
internal static class SoldOutNotice
{
    private const int Page = 5_000;

    public static readonly DistributionContent Content = new(
        new EmailContent(
            "{{ data.title }} sold out again",
            "<p><strong>{{ data.title }}</strong> sold out again before you got one. You are still on the list: we will tell you when it is back.</p><p><a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></p>",
            "{{ data.title }} sold out again before you got one. You are still on the list: we will tell you when it is back.\n\nUnsubscribe: {{ unsubscribe_url }}"),
        new InAppContent("{{ data.title }} sold out again", "You are still on the list: we will tell you when it is back."));

    public static async Task WriteAsync(
        ExchangeIntake intake, DbConnection connection, DbTransaction transaction, IdGenerator ids, Round round, Product product, Guid sender, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var data = JsonSerializer.SerializeToElement(new Dictionary<string, object?> { ["title"] = product.Title, ["url"] = product.Url, ["round"] = round.Id.ToString() });
        var distribution = await intake.OpenDistributionAsync(connection, transaction, new MatchedDistribution(
            round.MerchantId, sender, RestockExchange.Source, RestockExchange.Topic, $"restock:{round.Id}:sold-out", Content, data), now, cancellationToken);
        using var deliveries = new DeliveryBatch(connection, round.MerchantId, distribution, RestockExchange.Topic, now);
        // The round's alerts are its keyed deliveries (AlertKey), read a page at a time in key order.
        string? after = null;
        while (true)
        {
            var alerted = await KeyedDeliveries.PageAsync(connection, transaction, round.MerchantId, AlertKey.RoundPrefix(round.Id), after, Page, cancellationToken);
            if (alerted.Count > 0)
            {
                var parameters = new DynamicParameters(new { roundId = round.Id });
                var list = SqlList.In("s.id", alerted.Select(a => AlertKey.SubscriptionOf(a.SourceKey)).ToList(), parameters, "s");
                var missed = await connection.QueryAsync<MissedOut>(new CommandDefinition(
                    $"""
                    SELECT s.id AS SubscriptionId, s.recipient_id AS RecipientId, s.channel AS Channel
                    FROM restock_subscriptions s
                    WHERE {list} AND s.status = 'active'
                        AND NOT EXISTS (SELECT 1 FROM restock_purchases u WHERE u.round_id = @roundId AND u.subscription_id = s.id)
                    ORDER BY s.id
                    """,
                    parameters,
                    transaction,
                    cancellationToken: cancellationToken));
                foreach (var shopper in missed)
                {
                    deliveries.Add(ids.NewId(), shopper.RecipientId, shopper.Channel, now);
                }

                await deliveries.ExecuteAsync(transaction, cancellationToken);
            }

            if (alerted.Count < Page)
            {
                break;
            }

            after = alerted[^1].SourceKey;
        }
    }

    private sealed record MissedOut(Guid SubscriptionId, Guid RecipientId, string Channel);
}
