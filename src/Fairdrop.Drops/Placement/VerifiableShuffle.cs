using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Fairdrop.Drops.Placement;

/// <summary>
/// A shuffle anyone can check: the seed is drawn from a cryptographic RNG and committed to (SHA-256)
/// before the window opens; each entry's rank is HMAC-SHA256(seed, entry id), so with the revealed
/// seed and the list of entries the order is recomputed exactly, and no entrant can steer it.
/// </summary>
internal static class VerifiableShuffle
{
    public static byte[] NewSeed() => RandomNumberGenerator.GetBytes(32);

    public static string Commit(ReadOnlySpan<byte> seed) => Convert.ToHexStringLower(SHA256.HashData(seed));

    public static bool Matches(ReadOnlySpan<byte> seed, string commitment) =>
        CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(Commit(seed)),
            System.Text.Encoding.ASCII.GetBytes(commitment));

    /// <summary>The entry's rank: the first 64 bits of HMAC-SHA256(seed, big-endian id bytes).</summary>
    public static ulong Rank(ReadOnlySpan<byte> seed, Guid entryId)
    {
        Span<byte> id = stackalloc byte[16];
        entryId.TryWriteBytes(id, bigEndian: true, out _);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(seed, id, mac);
        return BinaryPrimitives.ReadUInt64BigEndian(mac);
    }
}
