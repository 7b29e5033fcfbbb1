namespace Fairdrop.Drops.Model;

/// <summary>
/// A purchase intent. Storefronts (public) give a shopper id and maybe a single-use priority code;
/// the merchant's own backend may also state a priority segment and a risk score.
/// </summary>
public sealed record NewEntry(string? ShopperId, string? PriorityCode = null, bool PrioritySegment = false, double Risk = 0);
