using Dapper;
using Fairdrop.Drops.Model;
using Fairdrop.Drops.Placement;
using Fairdrop.Drops.Sealing;

namespace Fairdrop.Drops;

/// <summary>
/// Rolling drops: entries that arrive after opening are grouped by rolling window. When a window closes its list is
/// sealed, and once its randomness can be known (the beacon round drawn after that seal, in the beacon mode) it is
/// shuffled by its own key and placed after everyone before it. Windows are placed in order, one after the other.
/// </summary>
internal sealed class LateArrivalPlacer(DropStore store, ScopeSealer sealer, TimeProvider time)
{
    public async Task<int> PlaceClosedWindowsAsync(Guid dropId, CancellationToken cancellationToken)
    {
        var placed = 0;
        while (await PlaceNextWindowAsync(dropId, cancellationToken) is var count and > 0)
        {
            placed += count;
        }

        return placed;
    }

    /// <summary>Seals and places the earliest unplaced window if it has closed and its randomness is out; the entries placed.</summary>
    private async Task<int> PlaceNextWindowAsync(Guid dropId, CancellationToken cancellationToken)
    {
        var connections = store.Connections;
        await using var connection = await connections.OpenAsync(cancellationToken);
        var earliestMs = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            """
            SELECT MIN(e.arrived_at) FROM drop_entries e JOIN drops d ON d.id = e.drop_id
            WHERE e.drop_id = @dropId AND e.place IS NULL AND d.placed_at IS NOT NULL AND d.late_order = @rolling
            """,
            new { dropId, rolling = Drop.LateRolling },
            cancellationToken: cancellationToken));
        var drop = earliestMs is null ? null : await DropStore.GetAsync(connection, null, dropId, null, cancellationToken);
        if (drop is null || drop.WindowOf(DateTimeOffset.FromUnixTimeMilliseconds(earliestMs!.Value)) is not { } window || drop.WindowEnd(window) > time.GetUtcNow())
        {
            return 0;
        }

        var seal = await DropStore.SealAsync(connection, null, dropId, window, cancellationToken) ?? await SealWindowAsync(drop, window, cancellationToken);
        if (await sealer.KeyAsync(drop, seal, cancellationToken) is not var (key, round))
        {
            return 0;
        }

        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        drop = (await DropService.LockAsync(connection, transaction, dropId, cancellationToken))!;
        var entries = await WindowEntriesAsync(connection, transaction, drop, window, cancellationToken);
        if (entries.Count == 0 || entries.Any(e => e.Place is not null))
        {
            return 0; // another node placed it meanwhile
        }

        var last = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT last_place FROM drops WHERE id = @dropId", new { dropId }, transaction, cancellationToken: cancellationToken));
        var byId = entries.ToDictionary(e => e.Id);
        var windowEnd = drop.WindowEnd(window);
        var rows = PlacementPlanner.Shuffle(entries.Select(e => e.Id), key).Select((id, index) =>
        {
            var place = last + index + 1;
            var computed = PlacementPlanner.ReadyAt(drop.OpensAt, place, drop.AdmitIntervalMs, byId[id].Bot, drop.BotPolicy, drop.BotDelayMultiplier);
            DateTimeOffset? ready = computed is null ? null : computed > windowEnd ? computed : windowEnd;
            return new PlaceRow(id, place, ready, ready is null ? DropEntry.Held : DropEntry.Waiting);
        }).ToList();
        await PlaceWriter.WriteAsync(connection, transaction, rows, onlyUnplaced: true, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE drops SET last_place = @next WHERE id = @dropId",
            new { dropId, next = last + rows.Count },
            transaction,
            cancellationToken: cancellationToken));
        await ScopeSealer.MarkPlacedAsync(connection, transaction, seal, round, time.GetUtcNow(), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return rows.Count;
    }

    /// <summary>Seals a closed window under the drop's lock, so no entry of it can still be on its way in.</summary>
    private async Task<DropSeal> SealWindowAsync(Drop drop, long window, CancellationToken cancellationToken)
    {
        var connections = store.Connections;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        await DropService.LockAsync(connection, transaction, drop.Id, cancellationToken);
        if (await DropStore.SealAsync(connection, transaction, drop.Id, window, cancellationToken) is { } sealedMeanwhile)
        {
            return sealedMeanwhile;
        }

        var entries = await WindowEntriesAsync(connection, transaction, drop, window, cancellationToken);
        var seal = drop.OrderVersion >= Drop.CurrentOrderVersion
            ? await ScopeSealer.SealAsync(connection, transaction, drop, window, entries, time.GetUtcNow(), cancellationToken)
            : await ScopeSealer.SealAsync(connection, transaction, drop with { BeaconChainHash = null }, window, [], time.GetUtcNow(), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return seal;
    }

    private static async Task<List<DropEntry>> WindowEntriesAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, Drop drop, long window, CancellationToken cancellationToken)
    {
        var from = drop.OpensAt.AddMilliseconds(window * drop.RollingWindowMs);
        return (await connection.QueryAsync<DropEntry>(new CommandDefinition(
            $"SELECT {DropStore.EntryColumns} FROM drop_entries WHERE drop_id = @dropId AND arrived_at >= @from AND arrived_at < @to ORDER BY arrival_seq",
            new { dropId = drop.Id, from, to = drop.WindowEnd(window) },
            transaction,
            cancellationToken: cancellationToken))).AsList();
    }
}
