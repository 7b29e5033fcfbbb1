using System.Security.Cryptography;
using Fairdrop.Drops.Model;
using Fairdrop.Drops.Placement;

namespace Fairdrop.Drops.Sealing;

/// <summary>
/// Recomputes a drop from its audit alone, as docs/drops.md specifies (and docs/drops-verify.py repeats without any
/// Fairdrop code): the commitment, each scope's root and randomness, and every place.
/// </summary>
internal static class AuditVerifier
{
    public static DropVerification Verify(DropAudit audit)
    {
        var mode = audit.Version < Drop.CurrentOrderVersion ? "legacy" : audit.Randomness;
        if (audit.Seed is null)
        {
            return new DropVerification(false, false, 0, audit.Seals.Any(s => s.Placed)
                ? "Not verifiable yet: in the commitment mode a rolling drop reveals its seed when it ends."
                : "The drop has not been placed: the seed is not revealed yet.", mode);
        }

        var seed = Convert.FromHexString(audit.Seed);
        if (!VerifiableShuffle.Matches(seed, audit.SeedCommitment))
        {
            return new DropVerification(false, false, 0, "The revealed seed does not match the published commitment.", mode);
        }

        var problems = new List<string>();
        var mismatches = audit.Version < Drop.CurrentOrderVersion ? LegacyMismatches(audit, seed) : Mismatches(audit, seed, problems);
        var ok = mismatches == 0 && problems.Count == 0;
        var placed = audit.Entries.Count(e => e.Place is not null);
        var message = ok
            ? $"Verified ({mode} mode): the seed matches its commitment, every sealed list matches its root, and all {placed} places follow from them."
            : $"{mismatches} place(s) do not follow from the audit" + (problems.Count > 0 ? ": " + string.Join("; ", problems.Take(5)) : ".");
        return new DropVerification(ok, true, mismatches, message, mode, problems);
    }

    private static int Mismatches(DropAudit audit, byte[] seed, List<string> problems)
    {
        foreach (var entry in audit.Entries.Where(e => e.PreQueue != e.ArrivedAtMs < audit.OpensAtMs || e.Window != WindowOf(audit, e)))
        {
            problems.Add($"entry {entry.EntryId}'s scope does not follow from its arrival time");
        }

        var byArrival = audit.Entries.OrderBy(e => e.ArrivalSeq).ToList();
        var preQueue = byArrival.Where(e => e.PreQueue).ToList();
        if (KeyOf(audit, seed, OrderKey.PreQueue, preQueue, problems) is not { } key)
        {
            return audit.Entries.Count(e => e.Place is not null);
        }

        var expected = PlacementPlanner.Place(preQueue.Select(e => new PlacementInput(e.EntryId, e.ArrivalSeq, true, e.Priority, e.Bot)), key, audit.PrioritySlots)
            .ToDictionary(p => p.EntryId, p => p.Place);
        long next = preQueue.Count;
        var late = byArrival.Where(e => !e.PreQueue).ToList();
        if (audit.LateOrder != Drop.LateRolling)
        {
            late.ForEach(e => expected[e.EntryId] = ++next); // first come, first served: after the pre-queue, in arrival order
        }
        else
        {
            foreach (var window in late.GroupBy(e => e.Window!.Value).OrderBy(g => g.Key))
            {
                var members = window.ToList();
                if (members.All(e => e.Place is null) || KeyOf(audit, seed, window.Key, members, problems) is not { } windowKey)
                {
                    break; // this window and the later ones are not placed yet (or cannot be checked: see the problems)
                }

                foreach (var id in PlacementPlanner.Shuffle(members.Select(e => e.EntryId), windowKey))
                {
                    expected[id] = ++next;
                }
            }
        }

        // A place that differs from the recomputed one, or a place where none can be recomputed, is a mismatch.
        return audit.Entries.Count(e => expected.TryGetValue(e.EntryId, out var place) ? e.Place != place : e.Place is not null);
    }

    /// <summary>The scope's order key, after checking its seal: the root over its entries and, in the beacon mode, its round.</summary>
    private static byte[]? KeyOf(DropAudit audit, byte[] seed, long scope, IReadOnlyList<AuditEntry> members, List<string> problems)
    {
        var name = scope == OrderKey.PreQueue ? "the pre-queue" : $"window {scope}";
        if (audit.Seals.SingleOrDefault(s => s.Scope == scope) is not { } seal)
        {
            problems.Add($"{name} has places but no seal");
            return null;
        }

        var root = MerkleTree.Root(members.Select(e => EntryLeaf.Hash(e.EntryId, e.ArrivalSeq, e.ArrivedAtMs, e.Priority, e.Bot, e.Verified, e.Source == DropEntry.FromMerchant)).ToList());
        if (!string.Equals(Convert.ToHexStringLower(root), seal.Root, StringComparison.OrdinalIgnoreCase) || seal.Entries != members.Count)
        {
            problems.Add($"{name}'s entries do not hash to its sealed root");
            return null;
        }

        if (audit.Randomness != Drop.RandomnessBeacon)
        {
            return OrderKey.Derive(seed, scope, root, []);
        }

        var closedAt = scope == OrderKey.PreQueue ? audit.OpensAtMs : audit.OpensAtMs + ((scope + 1) * audit.RollingWindowMs);
        if (audit.Beacon is not { } chain || seal.BeaconRound is not { } round || seal.Randomness is null || seal.Signature is null)
        {
            problems.Add($"{name} has no beacon round");
            return null;
        }

        var randomness = Convert.FromHexString(seal.Randomness);
        if (seal.SealedAtMs < closedAt || round != chain.RoundAfter(DateTimeOffset.FromUnixTimeMilliseconds(seal.SealedAtMs))
            || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Convert.FromHexString(seal.Signature)), randomness))
        {
            problems.Add($"{name}'s beacon round is not the first after its sealing, or its randomness is not SHA-256 of its signature");
            return null;
        }

        return OrderKey.Derive(seed, scope, root, randomness);
    }

    private static long? WindowOf(DropAudit audit, AuditEntry entry) =>
        audit.LateOrder == Drop.LateRolling && entry.ArrivedAtMs >= audit.OpensAtMs ? (entry.ArrivedAtMs - audit.OpensAtMs) / audit.RollingWindowMs : null;

    /// <summary>Version 1 drops (placed before sealing): the pre-queue ranked by the seed alone, late windows in (window, rank) order.</summary>
    private static int LegacyMismatches(DropAudit audit, byte[] seed)
    {
        var expected = PlacementPlanner.Place(audit.Entries.Select(e => new PlacementInput(e.EntryId, e.ArrivalSeq, e.PreQueue, e.Priority, e.Bot)), seed, audit.PrioritySlots)
            .ToDictionary(p => p.EntryId, p => p.Place);
        var mismatches = audit.Entries.Count(e => e.PreQueue && (!expected.TryGetValue(e.EntryId, out var place) || place != e.Place));
        var late = audit.Entries.Where(e => e.Window is not null && e.Place is not null).ToList();
        var lateOrder = PlacementPlanner.OrderLate(late.Select(e => (e.EntryId, e.Window!.Value)), seed);
        var latePlaces = late.ToDictionary(e => e.EntryId, e => e.Place!.Value);
        for (var i = 1; i < lateOrder.Count; i++)
        {
            mismatches += latePlaces[lateOrder[i]] > latePlaces[lateOrder[i - 1]] ? 0 : 1;
        }

        return mismatches;
    }
}
