using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Fairdrop.Drops.Beacons;
using Fairdrop.Drops.Model;
using Fairdrop.Drops.Placement;

namespace Fairdrop.Drops.Sealing;

/// <summary>
/// Seals a scope's entry list (its Merkle root, written in the transaction that closes the scope) and, once the scope's
/// randomness can be known, gives the key that orders it. In the beacon mode that is when the beacon round drawn after
/// sealing is out; this class asks the beacon no earlier than the round's emission time, and at most once a second.
/// </summary>
internal sealed class ScopeSealer(IRandomnessBeacon beacon, TimeProvider time)
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<(Guid DropId, long Scope), DateTimeOffset> _notBefore = new();

    /// <summary>The leaf of an entry as the sealed list commits to it.</summary>
    public static byte[] LeafOf(DropEntry entry) =>
        EntryLeaf.Hash(entry.Id, entry.ArrivalSeq, entry.ArrivedAt.ToUnixTimeMilliseconds(), entry.Priority, entry.Bot, entry.Verified, entry.Source == DropEntry.FromMerchant);

    /// <summary>Writes the scope's seal in the caller's transaction; <paramref name="entries"/> are the scope's entries in arrival order.</summary>
    public static async Task<DropSeal> SealAsync(DbConnection connection, DbTransaction transaction, Drop drop, long scope, IReadOnlyList<DropEntry> entries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var seal = new DropSeal(drop.Id, scope, MerkleTree.Root(entries.Select(LeafOf).ToList()), entries.Count, now,
            drop.Beacon?.RoundAfter(now), null, null, null);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO drop_seals (drop_id, scope, root, entries, sealed_at, beacon_round)
            VALUES (@DropId, @Scope, @Root, @Entries, @SealedAt, @BeaconRound)
            ON CONFLICT (drop_id, scope) DO NOTHING
            """,
            seal,
            transaction,
            cancellationToken: cancellationToken));
        return seal;
    }

    /// <summary>Records the randomness a scope was placed with, in the placing transaction.</summary>
    public static Task MarkPlacedAsync(DbConnection connection, DbTransaction transaction, DropSeal seal, BeaconRound? round, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE drop_seals SET randomness = @randomness, signature = @signature, placed_at = @now WHERE drop_id = @DropId AND scope = @Scope",
            new { seal.DropId, seal.Scope, randomness = round?.Randomness, signature = round?.Signature, now },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>The key that orders the sealed scope with the beacon round it drew, or null while that round is not available.</summary>
    public async Task<(byte[] Key, BeaconRound? Round)?> KeyAsync(Drop drop, DropSeal seal, CancellationToken cancellationToken)
    {
        if (drop.OrderVersion < Drop.CurrentOrderVersion)
        {
            return (drop.Seed, null); // version 1: ranked by the seed alone
        }

        if (drop.Beacon is not { } chain || seal.BeaconRound is not { } roundNumber)
        {
            return (OrderKey.Derive(drop.Seed, seal.Scope, seal.Root, []), null);
        }

        var now = time.GetUtcNow();
        var scope = (drop.Id, seal.Scope);
        if (now < chain.EmittedAt(roundNumber) || (_notBefore.TryGetValue(scope, out var next) && now < next))
        {
            return null;
        }

        if (await beacon.RoundAsync(chain, roundNumber, cancellationToken) is not { } round)
        {
            _notBefore[scope] = now + RetryEvery;
            return null;
        }

        _notBefore.TryRemove(scope, out _);
        return (OrderKey.Derive(drop.Seed, seal.Scope, seal.Root, round.Randomness), round);
    }
}
