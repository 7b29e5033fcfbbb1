namespace Fairdrop.Drops.Model;

/// <summary>
/// What a merchant asks for when creating a drop; defaults are the ones most drops want. <see cref="Randomness"/>:
/// <c>beacon</c>, <c>commitment</c>, or null for the beacon when one is configured (docs/drops.md, "Modes").
/// </summary>
public sealed record DropSpec(
    string? Name,
    string? ProductId,
    int Units,
    DateTimeOffset OpensAt,
    DateTimeOffset? WindowOpensAt = null,
    DateTimeOffset? ClosesAt = null,
    int MaxPerCustomer = 1,
    long AdmitIntervalMs = 100,
    long TokenTtlMs = 120_000,
    double PriorityCap = 0.2,
    string BotPolicy = Drop.BotPolicyDelay,
    double BotDelayMultiplier = 10,
    double BotRiskThreshold = 0.8,
    string LateOrder = Drop.LateFirstComeFirstServed,
    long RollingWindowMs = 10_000,
    bool AllowUnverifiedEntries = false,
    string? Randomness = null);
