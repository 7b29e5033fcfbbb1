using System.Data.Common;
using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Drops.Model;
using Fairdrop.Drops.Placement;

namespace Fairdrop.Drops.Sealing;

/// <summary>The drop's opening: its pre-queue sealed as one scope, then placed once the scope's key can be known.</summary>
internal sealed class PreQueue(DbConnectionFactory connections, TimeProvider time)
{
    /// <summary>Opens the drop and seals its pre-queue: every entry that arrived before opening, in arrival order.</summary>
    public async Task SealAsync(DbConnection connection, Guid dropId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var opened = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE drops SET status = @open WHERE id = @dropId AND status = @scheduled AND opens_at <= @now",
            new { dropId, now, open = Drop.Open, scheduled = Drop.Scheduled },
            transaction,
            cancellationToken: cancellationToken));
        if (opened == 0)
        {
            return;
        }

        var drop = (await DropStore.GetAsync(connection, transaction, dropId, null, cancellationToken))!;
        var preQueue = (await connection.QueryAsync<DropEntry>(new CommandDefinition(
            $"SELECT {DropStore.EntryColumns} FROM drop_entries WHERE drop_id = @dropId AND arrived_at < @opensAt ORDER BY arrival_seq",
            new { dropId, opensAt = drop.OpensAt },
            transaction,
            cancellationToken: cancellationToken))).AsList();
        if (drop.OrderVersion >= Drop.CurrentOrderVersion)
        {
            await ScopeSealer.SealAsync(connection, transaction, drop, OrderKey.PreQueue, preQueue, now, cancellationToken);
        }
        else
        {
            // A version 1 drop (created before sealing) is placed as it was promised: by its seed alone, with no seal.
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO drop_seals (drop_id, scope, root, entries, sealed_at) VALUES (@dropId, @scope, @root, @count, @now) ON CONFLICT (drop_id, scope) DO NOTHING",
                new { dropId, scope = OrderKey.PreQueue, root = Array.Empty<byte>(), count = (long)preQueue.Count, now },
                transaction,
                cancellationToken: cancellationToken));
        }

        await write.CommitAsync(cancellationToken);
    }

    /// <summary>Places the sealed pre-queue with the scope's key: every entry's place and ready time, once.</summary>
    public async Task<bool> PlaceAsync(DbConnection connection, Drop drop, DropSeal seal, byte[] key, Beacons.BeaconRound? round, CancellationToken cancellationToken)
    {
        var dropId = drop.Id;
        var now = time.GetUtcNow();
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var placed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE drops SET placed_at = @now WHERE id = @dropId AND placed_at IS NULL",
            new { dropId, now },
            transaction,
            cancellationToken: cancellationToken));
        if (placed == 0)
        {
            return false;
        }

        var entries = (await connection.QueryAsync<DropEntry>(new CommandDefinition(
            $"SELECT {DropStore.EntryColumns} FROM drop_entries WHERE drop_id = @dropId ORDER BY arrival_seq",
            new { dropId },
            transaction,
            cancellationToken: cancellationToken))).AsList();
        var places = PlacementPlanner.Place(entries.Select(e => DropService.ToInput(e, drop)), key, drop.PrioritySlots);
        var byId = entries.ToDictionary(e => e.Id);
        var next = places.Count;
        var assignments = places
            // Entries that arrived after opening but before placement queue after the pre-queue, first come first served.
            .Concat(entries.Where(e => e.ArrivedAt >= drop.OpensAt && drop.LateOrder != Drop.LateRolling).Select(e => (EntryId: e.Id, Place: (long)++next)))
            .Select(p =>
            {
                var readyAt = PlacementPlanner.ReadyAt(drop.OpensAt, p.Place, drop.AdmitIntervalMs, byId[p.EntryId].Bot, drop.BotPolicy, drop.BotDelayMultiplier);
                return new PlaceRow(p.EntryId, p.Place, readyAt, readyAt is null ? DropEntry.Held : DropEntry.Waiting);
            })
            .ToList();
        await PlaceWriter.WriteAsync(connection, transaction, assignments, onlyUnplaced: false, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE drops SET last_place = @next WHERE id = @dropId",
            new { dropId, next = (long)next },
            transaction,
            cancellationToken: cancellationToken));
        await ScopeSealer.MarkPlacedAsync(connection, transaction, seal, round, now, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return true;
    }
}
