using System.Data.Common;
using Dapper;

namespace Fairdrop.Drops.Entries;

/// <summary>
/// Arrival numbers for PostgreSQL without a hot row: an entry takes a shared lock on its drop's row (many entries hold it
/// at once; sealing and placement, which take the row exclusively, wait for them) and the next number of one of
/// <see cref="Shards"/> counters picked at random. Numbers are unique per drop and increase within a shard; the order
/// they give is the arrival order the sealed list commits to. Only a first-come-first-served entry after placement
/// still takes the drop's row exclusively, for its place.
/// </summary>
internal static class ArrivalCounters
{
    public const int Shards = 16;

    /// <summary>
    /// First-come-first-served entries after placement are numbered from here, in the order of their places: their
    /// arrival order is the order they took the drop's row, which is what their places follow.
    /// </summary>
    public const long AfterPlacement = 1L << 50;

    public static Task CreateAsync(DbConnection connection, Guid dropId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO drop_arrival_counters (drop_id, shard, next) VALUES (@dropId, @shard, 0)",
            Enumerable.Range(0, Shards).Select(shard => new { dropId, shard = (long)shard }),
            cancellationToken: cancellationToken));

    /// <summary>The entry's arrival number, its place when it takes the next one, and the drop's status and placement time.</summary>
    public static async Task<(long Seq, long Place, string Status, long? PlacedAt)> NextAsync(DbConnection connection, DbTransaction transaction, Guid dropId, string lateOrder, CancellationToken cancellationToken)
    {
        // One round trip: the savepoint, the shared lock and the next number of a counter picked at random.
        var shard = Random.Shared.Next(Shards);
        var (status, placedAt, next) = await connection.QuerySingleAsync<(string Status, long? PlacedAt, long Next)>(new CommandDefinition(
            """
            SAVEPOINT arrival;
            WITH d AS (SELECT status, placed_at FROM drops WHERE id = @dropId FOR SHARE),
                 c AS (UPDATE drop_arrival_counters SET next = next + 1 WHERE drop_id = @dropId AND shard = @shard RETURNING next)
            SELECT d.status, d.placed_at, c.next FROM d CROSS JOIN c
            """,
            new { dropId, shard = (long)shard },
            transaction,
            cancellationToken: cancellationToken));
        if (placedAt is null || lateOrder == Model.Drop.LateRolling)
        {
            return (((next - 1) * Shards) + shard + 1, 0, status, placedAt);
        }

        // Rolling back to the savepoint releases the shared lock (PostgreSQL releases row locks taken after a savepoint)
        // and the counter's step, so taking the row exclusively cannot deadlock with another entry doing the same.
        await transaction.RollbackAsync("arrival", cancellationToken);
        var (place, lockedStatus, lockedPlacedAt) = await connection.QuerySingleAsync<(long, string, long?)>(new CommandDefinition(
            "UPDATE drops SET last_place = last_place + 1 WHERE id = @dropId RETURNING last_place, status, placed_at",
            new { dropId },
            transaction,
            cancellationToken: cancellationToken));
        return (AfterPlacement + place, place, lockedStatus, lockedPlacedAt);
    }
}
