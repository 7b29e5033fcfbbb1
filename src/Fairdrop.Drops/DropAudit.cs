using Fairdrop.Drops.Model;
using Fairdrop.Drops.Placement;

namespace Fairdrop.Drops;

/// <summary>What anyone may see to check a drop: the commitment, the seed once revealed, and every entry's inputs and place.</summary>
public sealed record DropAudit(Guid DropId, string SeedCommitment, string? Seed, int PrioritySlots, IReadOnlyList<AuditEntry> Entries)
{
    internal static DropAudit From(Drop drop, IReadOnlyList<DropEntry> entries) =>
        new(drop.Id,
            drop.SeedCommitment,
            // The seed stays secret until the pre-queue is placed: revealing it earlier would let entrants predict places.
            drop.PlacedAt is null ? null : Convert.ToHexStringLower(drop.Seed),
            drop.PrioritySlots,
            entries.Select(e => new AuditEntry(e.Id, e.ArrivalSeq, e.ArrivedAt < drop.OpensAt, e.Priority, e.Bot, e.Place, drop.WindowOf(e.ArrivedAt))).ToList());

    /// <summary>Recomputes the pre-queue's places from the seed and the entries and compares them with the recorded ones.</summary>
    public DropVerification Verify()
    {
        if (Seed is null)
        {
            return new DropVerification(false, false, 0, "The drop has not opened: the seed is not revealed yet.");
        }

        var seed = Convert.FromHexString(Seed);
        var commitmentHolds = VerifiableShuffle.Matches(seed, SeedCommitment);
        var expected = PlacementPlanner.Place(Entries.Select(e => new PlacementInput(e.EntryId, e.ArrivalSeq, e.PreQueue, e.Priority, e.Bot)), seed, PrioritySlots)
            .ToDictionary(p => p.EntryId, p => p.Place);
        var mismatches = Entries.Count(e => e.PreQueue && (!expected.TryGetValue(e.EntryId, out var place) || place != e.Place));
        // Late arrivals of a rolling drop: once placed, their places must follow (window, rank) order.
        var late = Entries.Where(e => e.Window is not null && e.Place is not null).ToList();
        var lateOrder = PlacementPlanner.OrderLate(late.Select(e => (e.EntryId, e.Window!.Value)), seed);
        var latePlaces = late.ToDictionary(e => e.EntryId, e => e.Place!.Value);
        for (var i = 1; i < lateOrder.Count; i++)
        {
            mismatches += latePlaces[lateOrder[i]] > latePlaces[lateOrder[i - 1]] ? 0 : 1;
        }

        var ok = commitmentHolds && mismatches == 0;
        return new DropVerification(ok, commitmentHolds, mismatches,
            ok ? $"Verified: the seed matches its commitment and all {expected.Count} pre-queue places follow from it."
 : commitmentHolds ? $"{mismatches} place(s) do not follow from the seed." : "The revealed seed does not match the published commitment.");
    }
}

/// <summary>One entry as the audit publishes it: no shopper identity, only what placement used.</summary>
public sealed record AuditEntry(Guid EntryId, long ArrivalSeq, bool PreQueue, bool Priority, bool Bot, long? Place, long? Window = null);

/// <summary>The result of recomputing a drop's order.</summary>
public sealed record DropVerification(bool Verified, bool CommitmentHolds, int Mismatches, string Message);
