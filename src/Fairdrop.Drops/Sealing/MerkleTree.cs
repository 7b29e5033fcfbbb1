using System.Security.Cryptography;

namespace Fairdrop.Drops.Sealing;

/// <summary>
/// The Merkle tree of RFC 6962 §2.1 (Certificate Transparency), chosen because it is published, has test vectors and
/// is implemented in many languages: leaves hash as SHA-256(0x00 ‖ data), nodes as SHA-256(0x01 ‖ left ‖ right), and
/// a tree of n leaves splits at the largest power of two below n. Inclusion proofs are RFC 6962's audit paths,
/// checked with the algorithm of RFC 9162 §2.1.3.2.
/// </summary>
internal static class MerkleTree
{
    public static byte[] HashLeaf(ReadOnlySpan<byte> data)
    {
        Span<byte> buffer = stackalloc byte[data.Length + 1];
        buffer[0] = 0x00;
        data.CopyTo(buffer[1..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>The root over leaf hashes in order (the hash of nothing for an empty list).</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leaves) => leaves.Count == 0 ? SHA256.HashData([]) : Mth(leaves, 0, leaves.Count);

    /// <summary>The audit path of the leaf at <paramref name="index"/>, from the leaf's sibling up to the root's child.</summary>
    public static IReadOnlyList<byte[]> Proof(IReadOnlyList<byte[]> leaves, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, leaves.Count);
        var path = new List<byte[]>();
        AddPath(leaves, index, 0, leaves.Count, path);
        return path;
    }

    /// <summary>Whether <paramref name="path"/> proves the leaf at <paramref name="index"/> of a tree of <paramref name="size"/> leaves under <paramref name="root"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> leafHash, long index, long size, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root)
    {
        if (index < 0 || index >= size)
        {
            return false;
        }

        var fn = index;
        var sn = size - 1;
        var r = leafHash.ToArray();
        foreach (var p in path)
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = HashNode(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = HashNode(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(r, root);
    }

    private static byte[] Mth(IReadOnlyList<byte[]> leaves, int start, int count)
    {
        if (count == 1)
        {
            return leaves[start];
        }

        var k = SplitPoint(count);
        return HashNode(Mth(leaves, start, k), Mth(leaves, start + k, count - k));
    }

    private static void AddPath(IReadOnlyList<byte[]> leaves, int index, int start, int count, List<byte[]> path)
    {
        if (count == 1)
        {
            return;
        }

        var k = SplitPoint(count);
        if (index < k)
        {
            AddPath(leaves, index, start, k, path);
            path.Add(Mth(leaves, start + k, count - k));
        }
        else
        {
            AddPath(leaves, index - k, start + k, count - k, path);
            path.Add(Mth(leaves, start, k));
        }
    }

    /// <summary>The largest power of two strictly below <paramref name="n"/> (n ≥ 2).</summary>
    private static int SplitPoint(int n) => 1 << (31 - System.Numerics.BitOperations.LeadingZeroCount((uint)(n - 1)));

    private static byte[] HashNode(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + left.Length + right.Length];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + left.Length)..]);
        return SHA256.HashData(buffer);
    }
}
