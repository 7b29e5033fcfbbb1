namespace Fairdrop.Drops.Model;

/// <summary>A limited drop: units of one product released through fair, audited delays.</summary>
public sealed record Drop(
    Guid Id,
    Guid MerchantId,
    string Name,
    string ProductId,
    long Units,
    long UnitsSold,
    long MaxPerCustomer,
    DateTimeOffset WindowOpensAt,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    long AdmitIntervalMs,
    long TokenTtlMs,
    double PriorityCap,
    string BotPolicy,
    double BotDelayMultiplier,
    double BotRiskThreshold,
    string SeedCommitment,
    byte[] Seed,
    byte[] TokenKey,
    string Status,
    DateTimeOffset? PlacedAt,
    DateTimeOffset CreatedAt,
    string LateOrder,
    long RollingWindowMs,
    bool AllowUnverified,
    long OrderVersion = Drop.CurrentOrderVersion,
    string Randomness = Drop.RandomnessCommitment,
    string? BeaconChainHash = null,
    long? BeaconGenesis = null,
    long? BeaconPeriod = null,
    byte[]? ReceiptKey = null)
{
    /// <summary>The order algorithm of docs/drops.md (sealed scopes); version 1 drops were placed before sealing existed.</summary>
    public const long CurrentOrderVersion = 2;

    /// <summary>The order takes a drand round drawn after each scope is sealed: the operator cannot steer it.</summary>
    public const string RandomnessBeacon = "beacon";

    /// <summary>The order follows from the committed seed and the sealed root only: fair against entrants, not against the operator.</summary>
    public const string RandomnessCommitment = "commitment";

    public const string LateFirstComeFirstServed = "fcfs";
    public const string LateRolling = "rolling";

    public const string Scheduled = "scheduled";
    public const string Open = "open";
    public const string SoldOut = "sold_out";

    public const string BotPolicyDelay = "delay";
    public const string BotPolicyEndless = "endless";

    public long UnitsLeft => Math.Max(0, Units - UnitsSold);

    /// <summary>The public half of the key that signs entry receipts, as a JWK; null for drops made before receipts.</summary>
    public Receipts.ReceiptKey? PublicReceiptKey => ReceiptKey is { } key ? Receipts.EntryReceipts.PublicJwk(key) : null;

    /// <summary>The beacon chain a beacon drop draws from; null in the commitment mode.</summary>
    public Beacons.BeaconChain? Beacon =>
        BeaconChainHash is { } hash && BeaconGenesis is { } genesis && BeaconPeriod is { } period ? new(hash, genesis, period) : null;

    /// <summary>The rolling window a late arrival falls in (null for the pre-queue and first-come-first-served drops).</summary>
    public long? WindowOf(DateTimeOffset arrivedAt) =>
        LateOrder == LateRolling && arrivedAt >= OpensAt ? (long)((arrivedAt - OpensAt).TotalMilliseconds / RollingWindowMs) : null;

    public DateTimeOffset WindowEnd(long window) => OpensAt.AddMilliseconds((window + 1) * RollingWindowMs);

    /// <summary>Priority entries may move up only while they would take at most this many units.</summary>
    public int PrioritySlots => MaxPerCustomer <= 0 ? 0 : (int)Math.Floor(Units * PriorityCap / MaxPerCustomer);
}
