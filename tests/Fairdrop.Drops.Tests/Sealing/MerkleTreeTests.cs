using System.Security.Cryptography;
using Fairdrop.Drops.Sealing;

namespace Fairdrop.Drops.Tests.Sealing;

/// <summary>The sealed list's tree is RFC 6962's: its published test vectors, and proofs that hold only for the right leaf.</summary>
public sealed class MerkleTreeTests
{
    /// <summary>
    /// The eight leaves of Certificate Transparency's reference tests (empty, 00, 10, 2021, 3031, 40414243, 50…57, 60…6f)
    /// and the roots of their first 1 to 8 leaves, as the reference implementations list them.
    /// </summary>
    private static readonly string[] Leaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];

    private static readonly string[] Roots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    [Fact]
    public void Root_OfTheReferenceLeaves_IsTheReferenceRoot()
    {
        var leaves = Leaves.Select(l => MerkleTree.HashLeaf(Convert.FromHexString(l))).ToList();

        for (var n = 1; n <= leaves.Count; n++)
        {
            Assert.Equal(Roots[n - 1], Convert.ToHexStringLower(MerkleTree.Root(leaves.Take(n).ToList())));
        }

        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(MerkleTree.Root([])));
    }

    [Fact]
    public void Proof_OfEveryLeaf_HoldsForThatLeafOnly()
    {
        for (var size = 1; size <= 40; size++)
        {
            var leaves = Enumerable.Range(0, size).Select(i => MerkleTree.HashLeaf([(byte)i, (byte)size])).ToList();
            var root = MerkleTree.Root(leaves);
            for (var index = 0; index < size; index++)
            {
                var path = MerkleTree.Proof(leaves, index);

                Assert.True(MerkleTree.Verify(leaves[index], index, size, path, root), $"leaf {index} of {size}");
                Assert.False(MerkleTree.Verify(SHA256.HashData(leaves[index]), index, size, path, root));
                Assert.False(size > 1 && MerkleTree.Verify(leaves[index], (index + 1) % size, size, path, root));
            }
        }
    }
}
