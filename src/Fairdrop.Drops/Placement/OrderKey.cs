using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Fairdrop.Drops.Placement;

/// <summary>
/// The key that shuffles one sealed scope (the pre-queue, or one rolling window), docs/drops.md "The shuffle":
/// SHA-256("fairdrop/drop-order/v2" ‖ seed ‖ scope as 8 bytes big-endian ‖ the scope's sealed root ‖ the beacon
/// round's randomness, absent without a beacon). Every input but the seed is fixed only once the scope is sealed, and
/// the beacon's only after that, so nobody who can still add entries knows the key.
/// </summary>
internal static class OrderKey
{
    /// <summary>The scope of the pre-queue; rolling windows are 0, 1, 2… after opening.</summary>
    public const long PreQueue = -1;

    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("fairdrop/drop-order/v2");

    public static byte[] Derive(ReadOnlySpan<byte> seed, long scope, ReadOnlySpan<byte> root, ReadOnlySpan<byte> randomness)
    {
        var input = new byte[Domain.Length + seed.Length + 8 + root.Length + randomness.Length];
        var span = input.AsSpan();
        Domain.CopyTo(span);
        span = span[Domain.Length..];
        seed.CopyTo(span);
        span = span[seed.Length..];
        BinaryPrimitives.WriteInt64BigEndian(span, scope);
        span = span[8..];
        root.CopyTo(span);
        randomness.CopyTo(span[root.Length..]);
        return SHA256.HashData(input);
    }
}
