using Fairdrop.Drops.Model;

namespace Fairdrop.Api.Drops;

/// <summary>Body of <c>POST /api/v1/drops</c>: omitted settings take the documented defaults.</summary>
internal sealed record CreateDropRequest(
    string? Name,
    string? ProductId,
    int? Units,
    DateTimeOffset? OpensAt,
    DateTimeOffset? WindowOpensAt,
    DateTimeOffset? ClosesAt,
    int? MaxPerCustomer,
    long? AdmitIntervalMs,
    long? TokenTtlMs,
    double? PriorityCap,
    string? BotPolicy,
    double? BotDelayMultiplier,
    double? BotRiskThreshold,
    string? LateOrder,
    long? RollingWindowMs,
    bool? AllowUnverifiedEntries,
    string? Randomness)
{
    /// <summary>The drop asked for, omitted settings taking <see cref="DropSpec"/>'s defaults; null without opensAt or units.</summary>
    public DropSpec? ToSpec()
    {
        if (OpensAt is null || Units is null)
        {
            return null;
        }

        var defaults = new DropSpec(null, null, 0, default);
        return new DropSpec(Name, ProductId, Units.Value, OpensAt.Value, WindowOpensAt, ClosesAt,
            MaxPerCustomer ?? defaults.MaxPerCustomer, AdmitIntervalMs ?? defaults.AdmitIntervalMs, TokenTtlMs ?? defaults.TokenTtlMs,
            PriorityCap ?? defaults.PriorityCap, BotPolicy ?? defaults.BotPolicy, BotDelayMultiplier ?? defaults.BotDelayMultiplier,
            BotRiskThreshold ?? defaults.BotRiskThreshold, LateOrder ?? defaults.LateOrder, RollingWindowMs ?? defaults.RollingWindowMs,
            AllowUnverifiedEntries ?? defaults.AllowUnverifiedEntries, Randomness);
    }
}

/// <summary>
/// A drop as its merchant sees it (never the seed before it is revealed, never the token or receipt private key): with
/// what an auditor needs from the start, the seed commitment, the randomness mode, the beacon chain and the receipt key.
/// </summary>
internal sealed record DropResponse(
    Guid Id, string Name, string ProductId, long Units, long UnitsSold, long MaxPerCustomer, DateTimeOffset WindowOpensAt, DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt, long AdmitIntervalMs, long TokenTtlMs, double PriorityCap, string BotPolicy, double BotDelayMultiplier,
    double BotRiskThreshold, string LateOrder, long RollingWindowMs, bool AllowUnverifiedEntries, string SeedCommitment, string Status,
    long Version, string Randomness, Fairdrop.Drops.Beacons.BeaconChain? Beacon, Fairdrop.Drops.Receipts.ReceiptKey? ReceiptKey)
{
    public static DropResponse From(Drop d) => new(d.Id, d.Name, d.ProductId, d.Units, d.UnitsSold, d.MaxPerCustomer, d.WindowOpensAt, d.OpensAt,
        d.ClosesAt, d.AdmitIntervalMs, d.TokenTtlMs, d.PriorityCap, d.BotPolicy, d.BotDelayMultiplier, d.BotRiskThreshold, d.LateOrder, d.RollingWindowMs,
        d.AllowUnverified, d.SeedCommitment, d.Status, d.OrderVersion, d.Randomness, d.Beacon, d.PublicReceiptKey);
}

/// <summary>Body of the merchant's (trusted) entry endpoint: it may state a priority segment and a risk score.</summary>
internal sealed record MerchantEntryRequest(string? ShopperId, bool? PrioritySegment, double? Risk, string? PriorityCode, string? RiskReason);

/// <summary>
/// Body of the public entry endpoint used by storefronts: a shopper token signed by the shop's backend names the shopper
/// (it may also come as the <c>X-Shopper-Token</c> header); <c>shopperId</c> alone is taken only by drops that allow unverified entries.
/// </summary>
internal sealed record PublicEntryRequest(string? ShopperId, string? PriorityCode, string? ShopperToken);

/// <summary>
/// A new entry: keep <see cref="EntryKey"/> to poll the entry's status, and <see cref="Receipt"/> (a JWS signed with the
/// drop's receipt key) to prove the entry was accepted and check it against the sealed list.
/// </summary>
internal sealed record EntryCreatedResponse(Guid EntryId, string EntryKey, long ArrivalSeq, string Status, string? Receipt);

/// <summary>Body of <c>POST …/purchases</c>.</summary>
internal sealed record PurchaseRequest(string? Token, string? ShopperId, int? Quantity);

/// <summary>Body of <c>POST …/priority-codes</c>.</summary>
internal sealed record PriorityCodesRequest(int? Count);
