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
    public static async Task AdvanceAsync(DbConnection connection, DbTransaction transaction, Round round, long count, bool exhausted, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (exhausted)
        {
            await CompleteAsync(connection, transaction, round, count, now, cancellationToken);
            return;
        }

        var remaining = round.WaveRemaining!.Value - count;
        var set = remaining == 0
            ? "waves = waves + 1, wave_distribution_id = NULL, wave_remaining = NULL, wave_done = NULL, next_wave_at = @nextWave"
            : "wave_remaining = @remaining, wave_done = wave_done + @count";
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE restock_rounds SET {set}, alerted = alerted + @count WHERE id = @id",
            new { id = round.Id, remaining, count, nextWave = now + TimeSpan.FromSeconds(round.IntervalSeconds) },
            transaction,
            cancellationToken: cancellationToken));
    }

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
