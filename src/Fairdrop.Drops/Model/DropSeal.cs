namespace Fairdrop.Drops.Model;

/// <summary>
/// A sealed scope of a drop (the pre-queue, <c>-1</c>, or rolling window n): the Merkle root over its entries in arrival
/// order, fixed when the scope closed, and once placed, the beacon round whose randomness its order key took.
/// </summary>
internal sealed record DropSeal(
    Guid DropId,
    long Scope,
    byte[] Root,
    long Entries,
    DateTimeOffset SealedAt,
    long? BeaconRound,
    byte[]? Randomness,
    byte[]? Signature,
    DateTimeOffset? PlacedAt);
