using System.Data.Common;
using System.Text.Json;
using Dapper;
using Fairdrop.Core.Ids;
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
        Guid? after = null;
        while (true)
        {
            var missed = (await connection.QueryAsync<MissedOut>(new CommandDefinition(
                $"""
                SELECT a.subscription_id AS SubscriptionId, s.recipient_id AS RecipientId, s.channel AS Channel
                FROM restock_alerts a JOIN restock_subscriptions s ON s.id = a.subscription_id
                WHERE a.round_id = @roundId AND s.status = 'active' {(after is null ? string.Empty : "AND a.subscription_id > @after")}
                    AND NOT EXISTS (SELECT 1 FROM restock_purchases u WHERE u.round_id = a.round_id AND u.subscription_id = a.subscription_id)
                ORDER BY a.subscription_id LIMIT @limit
                """,
                new { roundId = round.Id, after, limit = Page },
                transaction,
                cancellationToken: cancellationToken))).AsList();
            foreach (var shopper in missed)
            {
                deliveries.Add(ids.NewId(), shopper.RecipientId, shopper.Channel, now);
            }

            await deliveries.ExecuteAsync(transaction, cancellationToken);

            if (missed.Count < Page)
            {
                break;
            }

            after = missed[^1].SubscriptionId;
        }
    }

    private sealed record MissedOut(Guid SubscriptionId, Guid RecipientId, string Channel);
}
