using Dapper;
using Fairdrop.Batch.Running;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Planning;
using Microsoft.Extensions.Options;

namespace Fairdrop.Restock.Rounds;

/// <summary>
/// Opens restock rounds and runs them as batch jobs; the scheduled job <c>restock-rounds</c> calls <see cref="AdvanceAsync"/>.
/// It claims restocked products and opens (or resumes) their round, then runs every due round's execution of
/// <see cref="RoundJob"/> here, through the framework's launcher: the framework holds the round's lease, resumes it
/// from its checkpoint after a crash or on another node, and pauses it between waves and while sold out.
/// </summary>
public sealed class RoundRunner(DbConnectionFactory connections, IdGenerator ids, TimeProvider time, IOptions<RestockOptions> options, JobLauncher launcher)
{
    public async Task<RoundProgress> AdvanceAsync(CancellationToken cancellationToken)
    {
        var opened = 0;
        while (await OpenNextAsync(cancellationToken))
        {
            opened++;
        }

        var progress = new RoundProgress(opened, 0, 0, 0, 0);
        foreach (var before in await DueAsync(cancellationToken))
        {
            var parameters = RoundJob.ParametersOf(before.Id);
            // A round resumed by a restock, or whose next wave is due: its paused execution may run now (the reader
            // pauses it again if not). Waking here, not when the round is resumed, means a crash in between loses nothing.
            await launcher.WakeAsync(RoundJob.Name, parameters, cancellationToken);
            var prepared = await launcher.PrepareAsync(RoundJob.Name, parameters, rerun: false, cancellationToken);
            if (!prepared.TryGetValue(out var execution, out _))
            {
                continue; // running on another node, or completed meanwhile
            }

            await launcher.ExecuteAsync(execution, cancellationToken);
            progress = Add(progress, before, await SnapshotAsync(before.Id, cancellationToken));
        }

        return progress;
    }

    private static RoundProgress Add(RoundProgress progress, RoundSnapshot before, RoundSnapshot after)
    {
        var paused = after.Status == Round.Paused ? 1 : 0;
        var completed = after.Status == Round.Completed ? 1 : 0;
        return progress with
        {
            Waves = progress.Waves + (int)(after.Waves - before.Waves),
            Alerts = progress.Alerts + after.Alerted - before.Alerted,
            Paused = progress.Paused + paused,
            Completed = progress.Completed + completed,
        };
    }

    private async Task<IReadOnlyList<RoundSnapshot>> DueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RoundSnapshot>(new CommandDefinition(
            $"SELECT {RoundSnapshot.Columns} FROM restock_rounds WHERE status = @inProgress AND next_wave_at <= @now ORDER BY next_wave_at",
            new { inProgress = Round.InProgress, now = time.GetUtcNow() },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private async Task<RoundSnapshot> SnapshotAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<RoundSnapshot>(new CommandDefinition(
            $"SELECT {RoundSnapshot.Columns} FROM restock_rounds WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>Claims one restocked product: resumes its paused round, or opens a new one with the product's policy.</summary>
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
            "UPDATE restock_rounds SET status = @inProgress, next_wave_at = @now WHERE product_id = @Id AND status = @paused",
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
}
