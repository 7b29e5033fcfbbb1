namespace Fairdrop.Restock.Waitlist;

/// <summary>The subscription and whether this call created it (false: the same product, contact and channel was already waiting).</summary>
public sealed record SubscribeResult(Subscription Subscription, bool Created);
