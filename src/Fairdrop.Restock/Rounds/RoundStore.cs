using System.Data.Common;
using Dapper;
using Fairdrop.Restock.Catalog;

namespace Fairdrop.Restock.Rounds;

/// <summary>The SQL of <c>restock_rounds</c> that a round's job execution runs: read it, move it on after a chunk, end it.</summary>
internal static class RoundStore
{
    public static Task<Round> GetAsync(DbConnection connection, DbTransaction? transaction, Guid id, CancellationToken cancellationToken) =>
        connection.QuerySingleAsync<Round>(new CommandDefinition(
            $"SELECT {Round.Columns} FROM restock_rounds WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));

    /// <summary>After a chunk of <paramref name="count"/> alerts: the wave goes on, ends (the next one due an interval later) or the round completes.</summary>
    /// <summary>
    /// A chunk of the open wave that read <paramref name="count"/> subscriptions and alerted <paramref name="added"/> of
    /// them (the rest had their alert already): the wave moves on by what was read, the round's alerts by what was new.
    /// </summary>
    public static async Task AdvanceAsync(
        DbConnection connection, DbTransaction transaction, Round round, long count, long added, bool exhausted, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (exhausted)
        {
            await CompleteAsync(connection, transaction, round, added, now, cancellationToken);
            return;
        }

        if (round.WaveRemaining!.Value == count)
        {
            await EndWaveAsync(connection, transaction, round, added, now, cancellationToken);
            return;
        }

        await AddAsync(connection, transaction, round.Id, count, added, cancellationToken);
    }

    /// <summary>
    /// A chunk of the open wave: counted (read <paramref name="count"/>, <paramref name="added"/> of them new alerts), the
    /// wave going on. Increments only, so a wave's partitions may commit in any order.
    /// </summary>
    public static Task AddAsync(DbConnection connection, DbTransaction transaction, Guid id, long count, long added, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE restock_rounds SET alerted = alerted + @added, wave_done = wave_done + @count, wave_remaining = wave_remaining - @count WHERE id = @id",
            new { id, count, added },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>The wave is written (its last <paramref name="count"/> alerts with it); the next one is due an interval later.</summary>
    public static Task EndWaveAsync(DbConnection connection, DbTransaction transaction, Round round, long count, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE restock_rounds SET waves = waves + 1, wave_distribution_id = NULL, wave_remaining = NULL, wave_done = NULL, next_wave_at = @nextWave,
                alerted = alerted + @count
            WHERE id = @id
            """,
            new { id = round.Id, count, nextWave = now + TimeSpan.FromSeconds(round.IntervalSeconds) },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>Everyone in the round's audience has been alerted; shoppers who joined after it opened wait for the next restock.</summary>
    public static async Task CompleteAsync(DbConnection connection, DbTransaction transaction, Round round, long count, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE restock_rounds SET status = @completed, closed_at = @now, waves = waves + 1, wave_distribution_id = NULL, wave_remaining = NULL,
                wave_done = NULL, alerted = alerted + @count
            WHERE id = @id
            """,
            new { id = round.Id, completed = Round.Completed, now, count },
            transaction,
            cancellationToken: cancellationToken));
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
}
