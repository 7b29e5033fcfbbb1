using System.Data.Common;
using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Engagement;
using Fairdrop.Exchange.Matching;
using Fairdrop.Learner.Model;
using Fairdrop.Learner.Storage;

namespace Fairdrop.Learner.Updates;

/// <summary>
/// The incremental update: reads the merchant's engagement events after its cursor (through the exchange's
/// <see cref="EngagementService"/>, never its tables), settles each pending decision once — engaged when an open, click
/// or reply on its delivery arrives before the offer's useful life ends, not engaged when that time passes first — and
/// folds each settled decision into the recipient's state as one trial. Thousands of opens of one delivery settle it
/// once; machine opens (mail privacy proxies) do not count; a recipient adds at most 12 trials a day.
/// </summary>
internal sealed class LearnerUpdater(DbConnectionFactory connections, EngagementService engagement, TimeProvider time)
{
    private const int PageSize = 1000;
    private static readonly string[] EngagedKinds = [EngagementKinds.Opened, EngagementKinds.Clicked, EngagementKinds.Replied];

    public async Task<LearnerUpdate> UpdateAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        int read = 0, engaged = 0, notEngaged = 0;
        while (true)
        {
            var (events, cursor) = await NextEventsAsync(merchantId, cancellationToken);
            var hits = events.Where(IsEngagement).ToList();
            engaged += await SettleAsync(merchantId, hits, cursor, events.Count == 0 ? null : events[^1].Id, cancellationToken);
            read += events.Count;
            if (events.Count < PageSize)
            {
                break;
            }
        }

        notEngaged = await SettleExpiredAsync(merchantId, cancellationToken);
        return new LearnerUpdate(read, engaged, notEngaged);
    }

    private static bool IsEngagement(EngagementEvent e) =>
        e.DeliveryId is not null && Array.IndexOf(EngagedKinds, e.Kind) >= 0 && e.Device != "proxy";

    private async Task<(IReadOnlyList<EngagementEvent> Events, Guid? Cursor)> NextEventsAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var cursor = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT after_event FROM learner_cursors WHERE merchant_id = @merchantId", new { merchantId }, cancellationToken: cancellationToken));
        return (await engagement.ListAsync(merchantId, null, null, cursor, PageSize, cancellationToken), cursor);
    }

    /// <summary>Settles the pending decisions these events engaged with and moves the cursor, in one transaction.</summary>
    private async Task<int> SettleAsync(Guid merchantId, List<EngagementEvent> hits, Guid? from, Guid? to, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var settled = new List<OpenDecision>();
        if (hits.Count > 0)
        {
            var open = await OpenDecisionsAsync(connection, transaction, merchantId, [.. hits.Select(h => h.DeliveryId!.Value)], cancellationToken);
            foreach (var hit in hits.OrderBy(h => h.OccurredAt))
            {
                if (open.Remove(hit.DeliveryId!.Value, out var decision) && hit.OccurredAt <= decision.SettleBy
                    && await MarkAsync(connection, transaction, decision.DeliveryId, Outcomes.Engaged, cancellationToken))
                {
                    settled.Add(decision);
                }
            }
        }

        await FoldAsync(connection, transaction, merchantId, settled, engaged: true, cancellationToken);
        if (to is not null && to != from)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO learner_cursors (merchant_id, after_event, updated_at) VALUES (@merchantId, @to, @now)
                ON CONFLICT (merchant_id) DO UPDATE SET after_event = excluded.after_event, updated_at = excluded.updated_at
                """,
                new { merchantId, to, now = time.GetUtcNow() },
                transaction,
                cancellationToken: cancellationToken));
        }

        await write.CommitAsync(cancellationToken);
        return settled.Count;
    }

    /// <summary>Pending decisions whose useful life has ended without an engagement: one trial each, not engaged.</summary>
    private async Task<int> SettleExpiredAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var expired = (await connection.QueryAsync<OpenDecision>(new CommandDefinition(
            $"""
            SELECT delivery_id AS DeliveryId, recipient_id AS RecipientId, segment AS Segment, channel AS Channel, bucket AS Bucket, send_at AS SendAt, settle_by AS SettleBy
            FROM learner_decisions WHERE merchant_id = @merchantId AND outcome IS NULL AND settle_by < @now ORDER BY settle_by LIMIT 5000
            """,
            new { merchantId, now = time.GetUtcNow() },
            transaction,
            cancellationToken: cancellationToken))).AsList();
        var settled = new List<OpenDecision>();
        foreach (var decision in expired)
        {
            if (await MarkAsync(connection, transaction, decision.DeliveryId, Outcomes.NotEngaged, cancellationToken))
            {
                settled.Add(decision);
            }
        }

        await FoldAsync(connection, transaction, merchantId, settled, engaged: false, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return settled.Count;
    }

    private static async Task<Dictionary<Guid, OpenDecision>> OpenDecisionsAsync(
        DbConnection connection, DbTransaction transaction, Guid merchantId, IReadOnlyCollection<Guid> deliveries, CancellationToken cancellationToken)
    {
        var open = new Dictionary<Guid, OpenDecision>();
        foreach (var chunk in deliveries.Distinct().Chunk(500))
        {
            var parameters = new DynamicParameters(new { merchantId });
            var rows = await connection.QueryAsync<OpenDecision>(new CommandDefinition(
                $"""
                SELECT delivery_id AS DeliveryId, recipient_id AS RecipientId, segment AS Segment, channel AS Channel, bucket AS Bucket, send_at AS SendAt, settle_by AS SettleBy
                FROM learner_decisions WHERE merchant_id = @merchantId AND outcome IS NULL AND {SqlList.In("delivery_id", chunk, parameters, "d")}
                """,
                parameters,
                transaction,
                cancellationToken: cancellationToken));
            foreach (var row in rows)
            {
                open[row.DeliveryId] = row;
            }
        }

        return open;
    }

    /// <summary>Sets the outcome of a still-pending decision; false when another node settled it first.</summary>
    private static async Task<bool> MarkAsync(DbConnection connection, DbTransaction transaction, Guid deliveryId, int outcome, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE learner_decisions SET outcome = @outcome WHERE delivery_id = @deliveryId AND outcome IS NULL",
            new { deliveryId, outcome },
            transaction,
            cancellationToken: cancellationToken)) == 1;

    private async Task FoldAsync(DbConnection connection, DbTransaction transaction, Guid merchantId, List<OpenDecision> settled, bool engaged, CancellationToken cancellationToken)
    {
        if (settled.Count == 0)
        {
            return;
        }

        var states = await LearnerStore.StatesAsync(connection, transaction, merchantId, [.. settled.Select(s => s.RecipientId)], cancellationToken);
        var segments = settled.GroupBy(s => s.RecipientId).ToDictionary(g => g.Key, g => g.MaxBy(s => s.SendAt)!.Segment);
        foreach (var decision in settled.OrderBy(d => d.SendAt))
        {
            if (!states.TryGetValue(decision.RecipientId, out var state))
            {
                state = new RecipientState();
                states[decision.RecipientId] = state;
            }

            var channel = (int)Enum.Parse<Channel>(decision.Channel.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true);
            state.Observe(channel, decision.Bucket, engaged, (int)(decision.SendAt.UtcTicks / TimeSpan.TicksPerDay));
        }

        await LearnerStore.SaveStatesAsync(connection, transaction, merchantId, states.Select(s => (s.Key, segments.GetValueOrDefault(s.Key), s.Value)), time.GetUtcNow(), cancellationToken);
    }
}
