using System.Security.Cryptography;
using Fairdrop.Drops.Beacons;
using Fairdrop.Drops.Model;
using Fairdrop.Drops.Placement;
using Fairdrop.Drops.Sealing;

namespace Fairdrop.Drops.Tests.Sealing;

/// <summary>
/// Random drops placed the way the server places them (its planner, keys and seals), as audits: for checking that
/// independent verifiers agree with the server, and that altered audits fail. Deterministic for a given <see cref="Random"/>.
/// </summary>
internal static class RandomAudits
{
    public static DropAudit Create(Random random, bool beacon, bool rolling, int maxPreQueue = 30, int maxLate = 30)
    {
        var seed = Bytes(random, 32);
        var opensAtMs = 1_800_000_000_000 + random.NextInt64(0, 1_000_000_000);
        var windowMs = random.Next(100, 5_000);
        var chain = beacon ? new BeaconChain(Convert.ToHexStringLower(Bytes(random, 32)), (opensAtMs / 1000) - random.Next(0, 1_000_000), random.Next(1, 31)) : null;
        var preQueueCount = random.Next(0, maxPreQueue + 1);
        var lateCount = random.Next(0, maxLate + 1);
        var arrivals = Enumerable.Range(0, preQueueCount).Select(_ => opensAtMs - random.NextInt64(1, 600_000)).Order()
            .Concat(Enumerable.Range(0, lateCount).Select(_ => opensAtMs + random.NextInt64(0, windowMs * 6L)).Order()).ToList();
        var entries = arrivals.Select((at, i) => new AuditEntry(new Guid(Bytes(random, 16)), i + 1, at, at < opensAtMs,
            random.NextDouble() < 0.2, random.NextDouble() < 0.15, random.NextDouble() < 0.8, random.NextDouble() < 0.3 ? DropEntry.FromMerchant : DropEntry.FromStorefront,
            null, null, null, rolling && at >= opensAtMs ? (at - opensAtMs) / windowMs : null)).ToList();
        var prioritySlots = random.Next(0, 6);
        var seals = new List<AuditSeal>();
        var places = new Dictionary<Guid, long>();

        var preQueue = entries.Where(e => e.PreQueue).ToList();
        var preKey = Seal(random, seed, chain, OrderKey.PreQueue, preQueue, opensAtMs, seals);
        foreach (var (id, place) in PlacementPlanner.Place(preQueue.Select(e => new PlacementInput(e.EntryId, e.ArrivalSeq, true, e.Priority, e.Bot)), preKey, prioritySlots))
        {
            places[id] = place;
        }

        long next = preQueue.Count;
        var late = entries.Where(e => !e.PreQueue).ToList();
        if (!rolling)
        {
            late.ForEach(e => places[e.EntryId] = ++next);
        }
        else
        {
            var windows = late.GroupBy(e => e.Window!.Value).OrderBy(g => g.Key).ToList();
            var placedWindows = random.Next(0, windows.Count + 1); // the later windows may still be open
            foreach (var window in windows.Take(placedWindows))
            {
                var key = Seal(random, seed, chain, window.Key, window.ToList(), opensAtMs + ((window.Key + 1) * windowMs), seals);
                foreach (var id in PlacementPlanner.Shuffle(window.Select(e => e.EntryId), key))
                {
                    places[id] = ++next;
                }
            }
        }

        return new DropAudit(new Guid(Bytes(random, 16)), Drop.CurrentOrderVersion, beacon ? Drop.RandomnessBeacon : Drop.RandomnessCommitment,
            VerifiableShuffle.Commit(seed), Convert.ToHexStringLower(seed), opensAtMs, rolling ? Drop.LateRolling : Drop.LateFirstComeFirstServed, windowMs,
            prioritySlots, chain, null, seals, entries.Select(e => e with { Place = places.TryGetValue(e.EntryId, out var p) ? p : null }).ToList());
    }

    /// <summary>An audit altered the way a dishonest operator or a careless copy would alter it; null when nothing fits.</summary>
    public static DropAudit? Tamper(Random random, DropAudit audit)
    {
        var placed = audit.Entries.Where(e => e.Place is not null).ToList();
        switch (random.Next(4))
        {
            case 0 when placed.Count >= 2:
                var (a, b) = (placed[random.Next(placed.Count)], placed[random.Next(placed.Count)]);
                return a.Place == b.Place ? null : audit with { Entries = audit.Entries.Select(e => e == a ? e with { Place = b.Place } : e == b ? e with { Place = a.Place } : e).ToList() };
            case 1 when placed.Count >= 1:
                var flipped = placed[random.Next(placed.Count)];
                return audit with { Entries = audit.Entries.Select(e => e == flipped ? e with { Bot = !e.Bot } : e).ToList() };
            case 2 when audit.Seals.Any(s => s.Randomness is not null):
                var seal = audit.Seals.First(s => s.Randomness is not null);
                return audit with { Seals = audit.Seals.Select(s => s == seal ? s with { Randomness = Convert.ToHexStringLower(Bytes(random, 32)) } : s).ToList() };
            case 3:
                return audit with { Seed = Convert.ToHexStringLower(Bytes(random, 32)) };
            default:
                return null;
        }
    }

    private static byte[] Seal(Random random, byte[] seed, BeaconChain? chain, long scope, IReadOnlyList<AuditEntry> members, long closedAtMs, List<AuditSeal> seals)
    {
        var root = MerkleTree.Root(members.Select(e => EntryLeaf.Hash(e.EntryId, e.ArrivalSeq, e.ArrivedAtMs, e.Priority, e.Bot, e.Verified, e.Source == DropEntry.FromMerchant)).ToList());
        var sealedAtMs = closedAtMs + random.Next(0, 3_000);
        if (chain is null)
        {
            seals.Add(new AuditSeal(scope, Convert.ToHexStringLower(root), members.Count, sealedAtMs, null, null, null, true));
            return OrderKey.Derive(seed, scope, root, []);
        }

        var signature = Bytes(random, 48);
        var randomness = SHA256.HashData(signature);
        var round = chain.RoundAfter(DateTimeOffset.FromUnixTimeMilliseconds(sealedAtMs));
        seals.Add(new AuditSeal(scope, Convert.ToHexStringLower(root), members.Count, sealedAtMs, round, Convert.ToHexStringLower(randomness), Convert.ToHexStringLower(signature), true));
        return OrderKey.Derive(seed, scope, root, randomness);
    }

    public static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
