using System.Data.Common;
using System.Text.Json;
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
    DbConnectionFactory connections,
    SenderStore senders,
    IdGenerator ids,
    TimeProvider time,
    IOptions<ExchangeOptions> options,
    ExchangeMetrics metrics,
    IEnumerable<IDeliveryChooser> choosers,
    ILogger<DistributionMatchRunner> logger)
{
    // The host registers at most one (the learner); without one, learned senders are matched the standard way.
    private readonly IDeliveryChooser? _chooser = choosers.LastOrDefault();

    /// <summary>Runs the distribution's matching to the end; returns how many recipients this run matched.</summary>
    public async Task<long> RunAsync(Guid merchantId, Guid distributionId, CancellationToken cancellationToken)
    {
        long total = 0;
        Matcher? matcher = null;
        Distribution? distribution = null;
        DeliveryOffer? learned = null;
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
                learned = (distribution.Delivery ?? sender.Rules.Delivery) == DeliveryMode.Learned && !sender.Rules.Critical && _chooser is not null
                    ? new DeliveryOffer(merchantId, distributionId, distribution.Topic, now, distribution.Deadline, sender.Rules.SendWindow)
                    : null;
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

            var learnable = learned is null ? null : new List<(int Row, DeliveryQuestion Question)>();
            var rows = await DecideAsync(connection, transaction, distribution!, matcher, page, now, learnable, cancellationToken);
            if (learnable is { Count: > 0 })
            {
                await ChooseLearnedAsync(connection, transaction, learned!, learnable, rows, cancellationToken);
            }

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
        DbConnection connection,
        DbTransaction transaction,
        Distribution distribution,
        Matcher matcher,
        IReadOnlyList<Recipient> page,
        DateTimeOffset now,
        List<(int Row, DeliveryQuestion Question)>? learnable,
        CancellationToken cancellationToken)
    {
        var counts = await DeliveryStore.SentCountsAsync(connection, transaction, distribution.MerchantId, page[0].Id, page[^1].Id, distribution.Topic, now, cancellationToken);
        var rows = new List<NewDelivery>(page.Count);
        foreach (var recipient in page)
        {
            if (!distribution.Audience.Includes(recipient.ExternalId, recipient.Attributes))
            {
                continue;
            }

            var profile = recipient.ToProfile(counts.GetValueOrDefault(recipient.Id));
            var decision = matcher.Decide(profile);
            var outcome = decision.IsDropped ? decision.Reason.Code() : decision.Channel.Name();
            metrics.Matched(outcome, 1);
            var id = ids.NewId();
            if (learnable is not null && !decision.IsDropped)
            {
                learnable.Add((rows.Count, new DeliveryQuestion(id, recipient.Id, decision.Eligible, profile.Zone, profile.QuietHours, Segment(recipient))));
            }

            rows.Add(decision.IsDropped
                ? new NewDelivery(id, distribution.MerchantId, distribution.Id, recipient.Id, distribution.Topic, null, null, DeliveryStatus.Dropped, outcome, now, now)
                : new NewDelivery(id, distribution.MerchantId, distribution.Id, recipient.Id, distribution.Topic, decision.Channel.Name(), decision.Fallback?.Name(), DeliveryStatus.Scheduled, null, decision.SendAt, now));
        }

        return rows;
    }

    /// <summary>
    /// Hands the page's scheduled rows to the learner, which moves each to an allowed channel and time of its choice,
    /// or drops it when no allowed slot is left before the deadline. Metrics were counted on the matcher's answer; the
    /// funnel reads the rows, which carry the learner's.
    /// </summary>
    private async Task ChooseLearnedAsync(
        DbConnection connection, DbTransaction transaction, DeliveryOffer offer, List<(int Row, DeliveryQuestion Question)> learnable, List<NewDelivery> rows, CancellationToken cancellationToken)
    {
        var choices = await _chooser!.ChooseAsync(connection, transaction, offer, learnable.ConvertAll(l => l.Question), cancellationToken);
        for (var i = 0; i < learnable.Count; i++)
        {
            var at = learnable[i].Row;
            var choice = choices[i];
            rows[at] = choice.Reason != DropReason.None
                ? rows[at] with { Channel = null, FallbackChannel = null, Status = DeliveryStatus.Dropped, Reason = choice.Reason.Code(), SendAt = offer.Now }
                : rows[at] with { Channel = choice.Channel.Name(), FallbackChannel = choice.Fallback?.Name(), SendAt = choice.SendAt };
        }
    }

    private static string? Segment(Recipient recipient) =>
        recipient.Attributes.ValueKind == JsonValueKind.Object && recipient.Attributes.TryGetProperty("segment", out var segment) && segment.ValueKind == JsonValueKind.String
            ? segment.GetString()
            : null;

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
