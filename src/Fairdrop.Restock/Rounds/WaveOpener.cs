using Dapper;
using Fairdrop.Batch.Steps;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Intake;
using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Holds;
using Fairdrop.Restock.Planning;

namespace Fairdrop.Restock.Rounds;

/// <summary>
/// Opens a round's next wave when it is due: re-reads the stock, sizes the wave to the stock less the units of active
/// holds, creates its exchange distribution (idempotency key round + wave), or pauses the round when sold out. Stock
/// that is there but all held is not sold out: the wave is put off until the first hold lapses. Runs in a transaction of its own, fenced by
/// the lease of the round's job execution, so a node that lost the round writes nothing here either.
/// </summary>
internal sealed class WaveOpener(DbConnectionFactory connections, IdGenerator ids, RestockOptions options, ExchangeIntake intake)
{
    /// <summary>
    /// The round with its wave open; the round with no wave open and a later <see cref="Round.NextWaveAt"/> when holds
    /// take the stock; or null when the round paused (sold out).
    /// </summary>
    public async Task<Round?> OpenAsync(Round round, RestockPolicy policy, StepFence fence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        await fence.HoldAsync(new ChunkTransaction(connection, transaction, connections.Dialect), cancellationToken);
        var product = await connection.QuerySingleAsync<Product>(new CommandDefinition(
            $"SELECT {Product.Columns} FROM restock_products WHERE id = @ProductId", new { round.ProductId }, transaction, cancellationToken: cancellationToken));
        // Units held for shoppers (restock_holds) are not the wave's to offer: it is sized to the stock less the holds
        // active at this instant. A hold that lapsed or was released counts nothing, so its units return by themselves.
        var held = await HoldStore.ActiveUnitsAsync(connection, transaction, product.Id, now, cancellationToken);
        var size = WavePlanner.WaveSize(Math.Max(0, product.Available - held), policy);
        if (size == 0 && WavePlanner.WaveSize(product.Available, policy) > 0)
        {
            // In stock, but held: not sold out, so no pause and no sold-out notice. The wave waits for the first hold to lapse.
            var deferred = await connection.QuerySingleAsync<Round>(new CommandDefinition(
                $"UPDATE restock_rounds SET next_wave_at = @retry WHERE id = @Id RETURNING {Round.Columns}",
                new { retry = await HoldStore.FirstExpiryAsync(connection, transaction, product.Id, now, cancellationToken), round.Id },
                transaction,
                cancellationToken: cancellationToken));
            await write.CommitAsync(cancellationToken);
            return deferred;
        }

        if (size == 0)
        {
            // Sold out: the round waits with its cursor (the execution's checkpoint) where it is; the next restock resumes it.
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE restock_rounds SET status = @paused WHERE id = @Id",
                new { paused = Round.Paused, round.Id },
                transaction,
                cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE restock_products SET status = @awaiting, updated_at = @now WHERE id = @ProductId AND status = @alerting",
                new { awaiting = Product.AwaitingRestock, alerting = Product.Alerting, now, round.ProductId },
                transaction,
                cancellationToken: cancellationToken));
            if (options.SoldOutNotice && round.Alerted > 0)
            {
                var notifier = await RestockExchange.EnsureSenderAsync(intake, connection, transaction, round.MerchantId, options.FromAddress, now, cancellationToken);
                await SoldOutNotice.WriteAsync(intake, connection, transaction, ids, round, product, notifier, now, cancellationToken);
            }

            await write.CommitAsync(cancellationToken);
            return null;
        }

        var wave = round.Waves + 1;
        var sender = await RestockExchange.EnsureSenderAsync(intake, connection, transaction, round.MerchantId, options.FromAddress, now, cancellationToken);
        var distribution = await intake.OpenDistributionAsync(connection, transaction, new MatchedDistribution(
            round.MerchantId, sender, RestockExchange.Source, RestockExchange.Topic, $"restock:{round.Id}:{wave}", WaveContent.Content,
            WaveContent.Data(product.Title, product.Url, product.ImageUrl, round.Id, wave)), now, cancellationToken);
        var opened = await connection.QuerySingleAsync<Round>(new CommandDefinition(
            $"""
            UPDATE restock_rounds SET wave_distribution_id = @distribution, wave_remaining = @size, wave_started_at = @now, wave_done = 0
            WHERE id = @Id RETURNING {Round.Columns}
            """,
            new { distribution, size, now, round.Id },
            transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return opened;
    }
}
