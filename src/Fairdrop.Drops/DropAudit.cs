using Fairdrop.Drops.Beacons;
using Fairdrop.Drops.Model;
using Fairdrop.Drops.Receipts;
using Fairdrop.Drops.Sealing;

namespace Fairdrop.Drops;

/// <summary>
/// What anyone may see to check a drop (docs/drops.md, "The audit"): the algorithm's version and mode, the seed
/// commitment and, once no more randomness will be drawn from it, the seed; the beacon chain, the receipt key, every
/// sealed scope, and every entry's placement inputs, evidence and place. Times are milliseconds since 1970.
/// </summary>
public sealed record DropAudit(
    Guid DropId,
    long Version,
    string Randomness,
    string SeedCommitment,
    string? Seed,
    long OpensAtMs,
    string LateOrder,
    long RollingWindowMs,
    int PrioritySlots,
    BeaconChain? Beacon,
    ReceiptKey? ReceiptKey,
    IReadOnlyList<AuditSeal> Seals,
    IReadOnlyList<AuditEntry> Entries)
{
    internal static DropAudit From(Drop drop, IReadOnlyList<DropEntry> entries, IReadOnlyList<DropSeal> seals, DateTimeOffset now) =>
        new(drop.Id,
            drop.OrderVersion,
            drop.Randomness,
            drop.SeedCommitment,
            SeedRevealed(drop, now) ? Convert.ToHexStringLower(drop.Seed) : null,
            drop.OpensAt.ToUnixTimeMilliseconds(),
            drop.LateOrder,
            drop.RollingWindowMs,
            drop.PrioritySlots,
            drop.Beacon,
            drop.PublicReceiptKey,
            seals.Where(s => drop.OrderVersion >= Drop.CurrentOrderVersion).Select(AuditSeal.From).ToList(),
            entries.Select(e => new AuditEntry(e.Id, e.ArrivalSeq, e.ArrivedAt.ToUnixTimeMilliseconds(), e.ArrivedAt < drop.OpensAt, e.Priority, e.Bot,
                e.Verified, e.Source ?? DropEntry.FromStorefront, e.PriorityEvidence, e.BotEvidence, e.Place, drop.WindowOf(e.ArrivedAt))).ToList());

    /// <summary>
    /// The seed stays secret while randomness may still be drawn from it alone: until the pre-queue is placed, and in
    /// the commitment mode of a rolling drop until the drop ends (its late windows are keyed by the seed and their roots).
    /// </summary>
    private static bool SeedRevealed(Drop drop, DateTimeOffset now) =>
        drop.PlacedAt is not null
        && (drop.LateOrder != Drop.LateRolling || drop.Randomness == Drop.RandomnessBeacon || drop.OrderVersion < Drop.CurrentOrderVersion
            || now >= drop.ClosesAt || drop.Status == Drop.SoldOut);

    /// <summary>Recomputes every place (pre-queue, priority, bots, late arrivals) from this audit alone and compares.</summary>
    public DropVerification Verify() => AuditVerifier.Verify(this);
}

/// <summary>A sealed scope as the audit publishes it (<c>scope</c> −1 is the pre-queue, n ≥ 0 rolling window n).</summary>
public sealed record AuditSeal(long Scope, string Root, long Entries, long SealedAtMs, long? BeaconRound, string? Randomness, string? Signature, bool Placed)
{
    internal static AuditSeal From(DropSeal seal) =>
        new(seal.Scope, Convert.ToHexStringLower(seal.Root), seal.Entries, seal.SealedAt.ToUnixTimeMilliseconds(), seal.BeaconRound,
            seal.Randomness is { } r ? Convert.ToHexStringLower(r) : null, seal.Signature is { } s ? Convert.ToHexStringLower(s) : null, seal.PlacedAt is not null);
}

/// <summary>
/// One entry as the audit publishes it: no shopper identity, only what placement used, where the entry came from
/// (<c>storefront</c> or <c>merchant</c>) and the evidence behind its priority and bot flags.
/// </summary>
public sealed record AuditEntry(
    Guid EntryId,
    long ArrivalSeq,
    long ArrivedAtMs,
    bool PreQueue,
    bool Priority,
    bool Bot,
    bool Verified,
    string Source,
    string? PriorityEvidence,
    string? BotEvidence,
    long? Place,
    long? Window = null);

/// <summary>The result of recomputing a drop's order from its audit.</summary>
public sealed record DropVerification(bool Verified, bool CommitmentHolds, int Mismatches, string Message, string Mode = "", IReadOnlyList<string>? Problems = null);
