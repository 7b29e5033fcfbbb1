using Fairdrop.Drops.Sealing;

namespace Fairdrop.Drops.Model;

/// <summary>
/// An entry's inclusion proof (hex): its leaf hash, its index among its scope's entries in arrival order, the scope's
/// size, and the RFC 6962 audit path from the leaf's sibling up to the sealed root.
/// </summary>
public sealed record EntryProof(Guid EntryId, long Scope, long LeafIndex, long TreeSize, string Leaf, IReadOnlyList<string> Path, string Root)
{
    /// <summary>Whether the path leads from the leaf to the root (what any RFC 6962 implementation checks).</summary>
    public bool Holds() =>
        MerkleTree.Verify(Convert.FromHexString(Leaf), LeafIndex, TreeSize, Path.Select(Convert.FromHexString).ToList(), Convert.FromHexString(Root));
}
