using System.Buffers.Binary;

namespace Fairdrop.Drops.Sealing;

/// <summary>
/// What the sealed list commits to for each entry, in 33 bytes (docs/drops.md, "Sealing"): the entry id (16 bytes,
/// the UUID's bytes in the order its text is written), the arrival number (8 bytes, big-endian), the arrival time in
/// milliseconds since 1970 (8 bytes, big-endian), and one byte of flags: 1 priority, 2 suspected bot, 4 verified
/// shopper, 8 entered by the merchant's backend (else the storefront).
/// </summary>
internal static class EntryLeaf
{
    public const int Size = 33;

    public static byte[] Encode(Guid entryId, long arrivalSeq, long arrivedAtMs, bool priority, bool bot, bool verified, bool fromMerchant)
    {
        var data = new byte[Size];
        entryId.TryWriteBytes(data.AsSpan(0, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(16), arrivalSeq);
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(24), arrivedAtMs);
        data[32] = (byte)((priority ? 1 : 0) | (bot ? 2 : 0) | (verified ? 4 : 0) | (fromMerchant ? 8 : 0));
        return data;
    }

    public static byte[] Hash(Guid entryId, long arrivalSeq, long arrivedAtMs, bool priority, bool bot, bool verified, bool fromMerchant) =>
        MerkleTree.HashLeaf(Encode(entryId, arrivalSeq, arrivedAtMs, priority, bot, verified, fromMerchant));
}
