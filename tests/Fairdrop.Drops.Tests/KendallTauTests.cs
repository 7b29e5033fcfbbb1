using CsCheck;
using Fairdrop.Drops.Fairness;

namespace Fairdrop.Drops.Tests;

public sealed class KendallTauTests
{
    [Fact]
    public void Compute_SameOrder_IsOne_ReversedIsMinusOne()
    {
        var same = Enumerable.Range(0, 50).Select(i => ((long)i, (long)i)).ToList();
        var reversed = Enumerable.Range(0, 50).Select(i => ((long)i, (long)(50 - i))).ToList();

        Assert.Equal(1, KendallTau.Compute(same), 9);
        Assert.Equal(-1, KendallTau.Compute(reversed), 9);
    }

    [Fact]
    public void Compute_AgreesWithTheQuadraticDefinition()
    {
        Gen.Int[2, 80].SelectMany(n => Gen.Shuffle(Enumerable.Range(0, n).Select(i => (long)i).ToArray()).Select(p => (n, p)))
            .Sample((n, permutation) =>
            {
                var pairs = Enumerable.Range(0, n).Select(i => ((long)i, permutation[i])).ToList();
                var concordant = 0L;
                for (var i = 0; i < n; i++)
                {
                    for (var j = i + 1; j < n; j++)
                    {
                        concordant += Math.Sign(pairs[i].Item1 - pairs[j].Item1) * Math.Sign(pairs[i].Item2 - pairs[j].Item2);
                    }
                }

                return Math.Abs(KendallTau.Compute(pairs) - (concordant / (n * (n - 1) / 2.0))) < 1e-9;
            }, iter: 200);
    }
}
