using System.Data.Common;
using Dapper;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Intake;
using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Planning;
using Microsoft.Extensions.Options;

namespace Fairdrop.Restock.Rounds;

/// <summary>
/// Runs restock rounds; the scheduled batch job <c>restock-rounds</c> calls <see cref="AdvanceAsync"/>. It claims
/// restocked products and opens (or resumes) their round, then writes every due wave: stock re-read, wave sized by
/// the planner, one exchange distribution per wave (idempotency key round + wave), then chunks of alerts, each
/// committing its alert rows (unique per round and subscription), delivery rows and the round's cursor together.
/// A crash redoes at most one uncommitted chunk; the lease owner fences a node that lost its lease.
/// </summary>
public sealed class RoundRunner(
    DbConnectionFactory connections, IdGenerator ids, TimeProvider time, IOptions<RestockOptions> options, IOptions<ExchangeOptions> exchange, DispatchHandoff handoff,
    ExchangeIntake intake)
{
    private readonly string _node = Guid.NewGuid().ToString("N");

    public async Task<RoundProgress> AdvanceAsync(CancellationToken cancellationToken)
    {
        var opened = 0;
        while (await OpenNextAsync(cancellationToken))
        {
            opened++;
        }

        var waves = 0;
        var paused = 0;
        var completed = 0;
        long alerts = 0;
        while (await ClaimDueAsync(cancellationToken) is { } round)
        {
            var (written, outcome) = await RunWaveAsync(round, cancellationToken);
            alerts += written;
            waves += outcome == Round.Paused ? 0 : 1;
            paused += outcome == Round.Paused ? 1 : 0;
            completed += outcome == Round.Completed ? 1 : 0;
        }

        return new RoundProgress(opened, waves, alerts, paused, completed);
    }

    private async Task<bool> OpenNextAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var product = await connection.QuerySingleOrDefaultAsync<Product>(new CommandDefinition(
            $"SELECT {Product.Columns} FROM restock_products WHERE status = @restocked ORDER BY id LIMIT 1 {connections.Dialect.ForUpdateSkipLocked}",
            new { restocked = Product.Restocked },
            transaction,
            cancellationToken: cancellationToken));
        if (product is null)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE restock_products SET status = @alerting, updated_at = @now WHERE id = @Id",
            new { alerting = Product.Alerting, now, product.Id },
            transaction,
            cancellationToken: cancellationToken));
        var resumed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE restock_rounds SET status = @inProgress, next_wave_at = @now, lease_owner = NULL, lease_until = NULL WHERE product_id = @Id AND status = @paused",
            new { inProgress = Round.InProgress, paused = Round.Paused, now, product.Id },
            transaction,
            cancellationToken: cancellationToken));
        if (resumed == 0)
        {
            var policy = Waitlist.WaitlistService.PolicyOf(options.Value, product);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO restock_rounds (id, merchant_id, product_id, status, alerts_per_unit, min_inventory, interval_seconds, order_policy, audience_until,
                    waves, alerted, next_wave_at, opened_at)
                VALUES (@id, @MerchantId, @ProductId, @inProgress, @apu, @min, @interval, @order, @now, 0, 0, @now, @now)
                """,
                new
                {
                    id = ids.NewId(), product.MerchantId, ProductId = product.Id, inProgress = Round.InProgress, apu = policy.AlertsPerUnit, min = policy.MinInventory,
                    interval = (long)policy.Interval.TotalSeconds, order = policy.Order.Name(), now,
                },
                transaction,
                cancellationToken: cancellationToken));
        }

        await write.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<Round?> ClaimDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var id = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            $"""
            SELECT id FROM restock_rounds WHERE status = @inProgress AND next_wave_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
            ORDER BY next_wave_at LIMIT 1 {connections.Dialect.ForUpdateSkipLocked}
            """,
            new { inProgress = Round.InProgress, now },
            transaction,
            cancellationToken: cancellationToken));
        if (id is null)
        {
            return null;
        }

        var round = await connection.QuerySingleAsync<Round>(new CommandDefinition(
            $"UPDATE restock_rounds SET lease_owner = @node, lease_until = @until WHERE id = @id RETURNING {Round.Columns}",
            new { node = _node, until = now + options.Value.RoundLease, id },
            transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return round;
    }

    private async Task<(long Alerts, string Outcome)> RunWaveAsync(Round round, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var policy = new RestockPolicy(round.AlertsPerUnit, round.MinInventory, TimeSpan.FromSeconds(round.IntervalSeconds),
            OrderPolicyNames.TryParse(round.OrderPolicy, out var order) ? order : OrderPolicy.OldestFirst);
        if (round.WaveRemaining is null)
        {
            var started = await StartWaveAsync(round, policy, now, cancellationToken);
            if (started is null)
            {
                return (0, Round.Paused);
            }

            round = started;
        }

        // Spacing per channel carries on across chunks; after a crash it restarts conservatively from the wave's count.
        var done = round.WaveDone ?? 0;
        var sent = new Dictionary<string, long>(StringComparer.Ordinal) { ["email"] = done, ["sms"] = done, ["in_app"] = done, ["web_push"] = done };
        var rates = exchange.Value.RateLimits;
        var zones = new Dictionary<string, TimeZoneInfo>(StringComparer.Ordinal);
        long total = 0;
        while (true)
        {
            var (written, next, outcome) = await WriteChunkAsync(round, policy.Order, rates, sent, zones, cancellationToken);
            total += written;
            if (next is null)
            {
                return (total, outcome);
            }

            round = next;
        }
    }

    /// <summary>Re-reads the stock and opens the next wave (its distribution included), or pauses the round when sold out.</summary>
    private async Task<Round?> StartWaveAsync(Round round, RestockPolicy policy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var product = await connection.QuerySingleAsync<Product>(new CommandDefinition(
            $"SELECT {Product.Columns} FROM restock_products WHERE id = @ProductId", new { round.ProductId }, transaction, cancellationToken: cancellationToken));
        var size = WavePlanner.WaveSize(product.Available, policy);
        if (size == 0)
        {
            // Sold out: the round waits with its cursor where it is; the next restock resumes it.
            await Fenced(connection, transaction, round.Id,
                "status = @paused, lease_owner = NULL, lease_until = NULL", new { paused = Round.Paused }, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE restock_products SET status = @awaiting, updated_at = @now WHERE id = @ProductId AND status = @alerting",
                new { awaiting = Product.AwaitingRestock, alerting = Product.Alerting, now, round.ProductId },
                transaction,
                cancellationToken: cancellationToken));
            if (options.Value.SoldOutNotice && round.Alerted > 0)
            {
                var notifier = await RestockExchange.EnsureSenderAsync(intake, connection, transaction, round.MerchantId, options.Value.FromAddress, now, cancellationToken);
                await SoldOutNotice.WriteAsync(intake, connection, transaction, ids, round, product, notifier, now, cancellationToken);
            }

            await write.CommitAsync(cancellationToken);
            return null;
        }

        var wave = round.Waves + 1;
        var sender = await RestockExchange.EnsureSenderAsync(intake, connection, transaction, round.MerchantId, options.Value.FromAddress, now, cancellationToken);
        var distribution = await intake.OpenDistributionAsync(connection, transaction, new MatchedDistribution(
            round.MerchantId, sender, RestockExchange.Source, RestockExchange.Topic, $"restock:{round.Id}:{wave}", WaveContent.Content,
            WaveContent.Data(product.Title, product.Url, product.ImageUrl, round.Id, wave)), now, cancellationToken);
        var started = await Fenced(connection, transaction, round.Id,
            "wave_distribution_id = @distribution, wave_remaining = @size, wave_started_at = @now, wave_done = 0", new { distribution, size, now }, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return started;
    }

    private async Task<(long Written, Round? Next, string Outcome)> WriteChunkAsync(
        Round round, OrderPolicy order, IReadOnlyDictionary<string, double> rates, Dictionary<string, long> sent, Dictionary<string, TimeZoneInfo> zones, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var want = (int)Math.Min(options.Value.ChunkSizeFor(connections.Dialect.Name), round.WaveRemaining!.Value);
        await using var connection = await connections.OpenAsync(cancellationToken);

        // Read and plan before taking the write lock (on SQLite, the file's only one): the round is leased to this node,
        // so its cursor cannot move under us, and the fenced update below fails if the lease was lost meanwhile. A
        // shopper who unsubscribes between this read and the commit is alerted, as one who unsubscribes between the
        // commit and the send already was.
        var rows = (await connection.QueryAsync<CandidateRow>(new CommandDefinition(
            CandidateQuery.Sql(order, round.CursorId is not null),
            new { productId = round.ProductId, now, until = round.AudienceUntil, cursorTier = round.CursorTier, cursorCreated = round.CursorCreated, cursorId = round.CursorId, limit = want },
            cancellationToken: cancellationToken))).AsList();
        var candidates = rows.ConvertAll(r => r.ToCandidate(zones));
        var plan = WavePlanner.Plan(candidates, want, round.WaveStartedAt ?? now, now, rates, sent);

        // Deliveries due now are written claimed for this process's dispatcher, as many as it has room for.
        var reserved = handoff.Reserve(plan.Count(p => p.SendAt <= now));
        try
        {
            using var alerts = AlertWriter.Prepare(connection, ids, round, round.Waves + 1, rows, plan, now, reserved, now + exchange.Value.ClaimLease);
            var written = await CommitChunkAsync(connection, alerts, round, plan, want, now, cancellationToken);
            handoff.Hand(alerts.Handed, reserved);
            reserved = 0;
            return written;
        }
        finally
        {
            handoff.Cancel(reserved);
        }
    }

    /// <summary>Writes the chunk's rows and moves the round's cursor, in one transaction.</summary>
    private async Task<(long Written, Round? Next, string Outcome)> CommitChunkAsync(
        DbConnection connection, AlertWriter alerts, Round round, IReadOnlyList<PlannedAlert> plan, int want, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        await alerts.WriteAsync(connection, transaction, cancellationToken);
        var last = plan.Count > 0 ? plan[^1].Candidate : null;
        var remaining = round.WaveRemaining!.Value - plan.Count;
        var exhausted = plan.Count < want;
        string outcome;
        string set;
        if (exhausted)
        {
            outcome = Round.Completed;
            set = "status = @completed, closed_at = @now, waves = waves + 1, wave_distribution_id = NULL, wave_remaining = NULL, wave_done = NULL, lease_owner = NULL, lease_until = NULL";
        }
        else if (remaining == 0)
        {
            outcome = Round.InProgress;
            set = "waves = waves + 1, wave_distribution_id = NULL, wave_remaining = NULL, wave_done = NULL, next_wave_at = @nextWave, lease_owner = NULL, lease_until = NULL";
        }
        else
        {
            outcome = Round.InProgress;
            set = "wave_remaining = @remaining, wave_done = wave_done + @count, lease_until = @lease";
        }

        if (last is not null)
        {
            set += ", cursor_tier = @cursorTier, cursor_created = @cursorCreated, cursor_id = @cursorId";
        }

        var next = await Fenced(connection, transaction, round.Id, set + ", alerted = alerted + @count", new
        {
            completed = Round.Completed,
            now,
            nextWave = now + TimeSpan.FromSeconds(round.IntervalSeconds),
            remaining,
            count = (long)plan.Count,
            lease = now + options.Value.RoundLease,
            cursorTier = last?.Tier,
            cursorCreated = last?.CreatedAt,
            cursorId = last?.SubscriptionId,
        }, cancellationToken);
        if (exhausted)
        {
            // Shoppers who joined after the round opened wait for the next restock.
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE restock_products SET updated_at = @now, status = CASE WHEN EXISTS (
                    SELECT 1 FROM restock_subscriptions WHERE product_id = @productId AND status = 'active' AND created_at > @until) THEN @awaiting ELSE @none END
                WHERE id = @productId
                """,
                new { now, productId = round.ProductId, until = round.AudienceUntil, awaiting = Product.AwaitingRestock, none = Product.None },
                transaction,
                cancellationToken: cancellationToken));
        }

        await write.CommitAsync(cancellationToken);
        return (plan.Count, exhausted || remaining == 0 ? null : next, outcome);
    }

    /// <summary>Updates the round only while this node holds its lease; a node that lost it fails instead of writing twice.</summary>
    private async Task<Round> Fenced(DbConnection connection, DbTransaction transaction, Guid id, string set, object values, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(values);
        parameters.Add("id", id);
        parameters.Add("node", _node);
        return await connection.QuerySingleOrDefaultAsync<Round>(new CommandDefinition(
            $"UPDATE restock_rounds SET {set} WHERE id = @id AND lease_owner = @node RETURNING {Round.Columns}",
            parameters,
            transaction,
            cancellationToken: cancellationToken))
            ?? throw new InvalidOperationException($"Restock round {id} is no longer leased by this node; another node resumed it.");
    }
}
