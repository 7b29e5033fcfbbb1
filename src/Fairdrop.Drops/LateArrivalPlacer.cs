using Dapper;
using Fairdrop.Drops.Model;
using Fairdrop.Drops.Placement;

namespace Fairdrop.Drops;

/// <summary>
/// Rolling drops: entries that arrive after opening are shuffled among the others of their rolling window
/// (by the drop's seed, so the order stays verifiable) and placed after everyone before them once the window closes.
/// </summary>
internal sealed class LateArrivalPlacer(DropStore store, TimeProvider time)
{
    public async Task<int> PlaceClosedWindowsAsync(Guid dropId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var connections = store.Connections;
        await using var connection = await connections.OpenAsync(cancellationToken);
        var waiting = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            SELECT COUNT(*) FROM drop_entries e JOIN drops d ON d.id = e.drop_id
            WHERE e.drop_id = @dropId AND e.place IS NULL AND d.status <> @scheduled AND d.late_order = @rolling
            """,
            new { dropId, scheduled = Drop.Scheduled, rolling = Drop.LateRolling },
            cancellationToken: cancellationToken));
        if (waiting == 0)
        {
            return 0;
        }

        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var drop = (await DropService.LockAsync(connection, transaction, dropId, cancellationToken))!;
        var unplaced = (await connection.QueryAsync<DropEntry>(new CommandDefinition(
            $"SELECT {DropStore.EntryColumns} FROM drop_entries WHERE drop_id = @dropId AND place IS NULL",
            new { dropId },
            transaction,
            cancellationToken: cancellationToken))).AsList();
        var closed = unplaced.Where(e => drop.WindowOf(e.ArrivedAt) is { } w && drop.WindowEnd(w) <= now).ToList();
        if (closed.Count == 0)
        {
            return 0;
        }

        var last = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT last_place FROM drops WHERE id = @dropId", new { dropId }, transaction, cancellationToken: cancellationToken));
        var byId = closed.ToDictionary(e => e.Id);
        var order = PlacementPlanner.OrderLate(closed.Select(e => (e.Id, drop.WindowOf(e.ArrivedAt)!.Value)), drop.Seed);
        var rows = order.Select((id, index) =>
        {
            var entry = byId[id];
            var place = last + index + 1;
            var computed = PlacementPlanner.ReadyAt(drop.OpensAt, place, drop.AdmitIntervalMs, entry.Bot, drop.BotPolicy, drop.BotDelayMultiplier);
            var windowEnd = drop.WindowEnd(drop.WindowOf(entry.ArrivedAt)!.Value);
            DateTimeOffset? ready = computed is null ? null : computed > windowEnd ? computed : windowEnd;
            return new { id, place, readyAt = ready, status = ready is null ? DropEntry.Held : DropEntry.Waiting };
        }).ToList();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE drop_entries SET place = @place, ready_at = @readyAt, status = @status WHERE id = @id AND place IS NULL",
            rows,
            transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE drops SET last_place = @next WHERE id = @dropId",
            new { dropId, next = last + rows.Count },
            transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return rows.Count;
    }
}
