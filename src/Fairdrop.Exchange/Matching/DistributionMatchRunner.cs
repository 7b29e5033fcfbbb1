using System.Data.Common;
using Dapper;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;
using Fairdrop.Exchange.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Matching;

/// <summary>
/// Matches a distribution against its audience as a resumable, streaming job: one keyset page of recipients per
/// chunk, and each chunk's delivery rows are written in the same transaction that moves the distribution's cursor
/// past them. A crash loses at most the uncommitted chunk, which the next run redoes; the audience is never held
/// in memory whole. (The batch framework's chunk step does the same; this loop keeps the exchange independent of
/// its schedule and lets a distribution resume on any node.)
/// </summary>
internal sealed class DistributionMatchRunner(
    DbConnectionFactory connections, SenderStore senders, IdGenerator ids, TimeProvider time, IOptions<ExchangeOptions> options, ExchangeMetrics metrics, ILogger<DistributionMatchRunner> logger)
{
    /// <summary>Runs the distribution's matching to the end; returns how many recipients this run matched.</summary>
    public async Task<long> RunAsync(Guid merchantId, Guid distributionId, CancellationToken cancellationToken)
    {
        long total = 0;
        Matcher? matcher = null;
        Distribution? distribution = null;
        while (true)
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
            var transaction = write.Transaction;
            var state = await connection.QuerySingleOrDefaultAsync<(string Status, string? Cursor)>(new CommandDefinition(
                "SELECT status, match_cursor FROM exchange_distributions WHERE merchant_id = @merchantId AND id = @distributionId",
                new { merchantId, distributionId },
                transaction,
                cancellationToken: cancellationToken));
            if (state.Status is null or Distribution.Matched)
            {
                return total;
            }

            var now = time.GetUtcNow();
            if (matcher is null)
            {
                distribution = await LoadAsync(connection, transaction, merchantId, distributionId, cancellationToken);
                var sender = await senders.GetAsync(merchantId, distribution.SenderId, cancellationToken)
                    ?? throw new InvalidOperationException($"Distribution {distributionId} names a missing sender.");
                matcher = new Matcher(new MatchRequest(sender.Rules, distribution.Topic, ContentChannels(distribution.Content), now, distribution.Deadline));
            }

            Guid? after = state.Cursor is null ? null : Guid.Parse(state.Cursor);
            var page = await RecipientStore.PageAsync(connection, transaction, merchantId, after, options.Value.MatchChunkSize, cancellationToken);
            if (page.Count == 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE exchange_distributions SET status = @matched, matched_at = @now, lease_until = NULL WHERE id = @distributionId",
                    new { matched = Distribution.Matched, now, distributionId },
                    transaction,
                    cancellationToken: cancellationToken));
                await write.CommitAsync(cancellationToken);
                Log.DistributionMatched(logger, distributionId, total);
                return total;
            }

            var rows = await DecideAsync(connection, transaction, distribution!, matcher, page, now, cancellationToken);
            await DeliveryStore.InsertAsync(connection, transaction, rows, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE exchange_distributions SET match_cursor = @cursor, lease_until = @lease WHERE id = @distributionId",
                new { cursor = page[^1].Id.ToString(), lease = now + options.Value.ClaimLease, distributionId },
                transaction,
                cancellationToken: cancellationToken));
            await write.CommitAsync(cancellationToken);
            total += rows.Count;
        }
    }

    internal static ChannelSet ContentChannels(DistributionContent content) =>
        (content.Email is null ? ChannelSet.None : ChannelSet.Email)
        | (content.InApp is null ? ChannelSet.None : ChannelSet.InApp)
        | (content.Webhook is null ? ChannelSet.None : ChannelSet.Webhook)
        | (content.WebPush is null ? ChannelSet.None : ChannelSet.WebPush)
        | (content.Sms is null ? ChannelSet.None : ChannelSet.Sms);

    private async Task<List<NewDelivery>> DecideAsync(
        DbConnection connection, DbTransaction transaction, Distribution distribution, Matcher matcher, IReadOnlyList<Recipient> page, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counts = await DeliveryStore.SentCountsAsync(connection, transaction, distribution.MerchantId, page[0].Id, page[^1].Id, distribution.Topic, now, cancellationToken);
        var rows = new List<NewDelivery>(page.Count);
        foreach (var recipient in page)
        {
            if (!distribution.Audience.Includes(recipient.ExternalId, recipient.Attributes))
            {
                continue;
            }

            var decision = matcher.Decide(recipient.ToProfile(counts.GetValueOrDefault(recipient.Id)));
            var outcome = decision.IsDropped ? decision.Reason.Code() : decision.Channel.Name();
            metrics.Matched(outcome, 1);
            rows.Add(decision.IsDropped
                ? new NewDelivery(ids.NewId(), distribution.MerchantId, distribution.Id, recipient.Id, distribution.Topic, null, null, DeliveryStatus.Dropped, outcome, now, now)
                : new NewDelivery(ids.NewId(), distribution.MerchantId, distribution.Id, recipient.Id, distribution.Topic, decision.Channel.Name(), decision.Fallback?.Name(), DeliveryStatus.Scheduled, null, decision.SendAt, now));
        }

        return rows;
    }

    private static async Task<Distribution> LoadAsync(DbConnection connection, DbTransaction transaction, Guid merchantId, Guid id, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleAsync<DistributionStore.Row>(new CommandDefinition(
            """
            SELECT id AS Id, merchant_id AS MerchantId, sender_id AS SenderId, source AS Source, topic AS Topic, content AS Content, audience AS Audience,
                   deadline AS Deadline, idempotency_key AS IdempotencyKey, status AS Status, created_at AS CreatedAt, matched_at AS MatchedAt
            FROM exchange_distributions WHERE merchant_id = @merchantId AND id = @id
            """,
            new { merchantId, id },
            transaction,
            cancellationToken: cancellationToken));
        return row.ToDistribution();
    }
}
