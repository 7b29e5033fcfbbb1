namespace Fairdrop.Drops.Model;

/// <summary>
/// A purchase intent. Storefronts (public) give a shopper id and maybe a single-use priority code;
/// the merchant's own backend may also state a priority segment, a risk score and the reason for it (published in the
/// audit as the evidence behind a bot flag, for example the rule or signal that raised it).
/// </summary>
public sealed record NewEntry(string? ShopperId, string? PriorityCode = null, bool PrioritySegment = false, double Risk = 0, string? RiskReason = null);
