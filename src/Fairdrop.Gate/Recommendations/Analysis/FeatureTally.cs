using Fairdrop.Gate.Recommendations.Labels;

namespace Fairdrop.Gate.Recommendations.Analysis;

/// <summary>
/// The labelled distributions of every feature: per class, how many requests first match at each threshold, and per
/// shopper the strictest threshold any of its requests matched (so "shoppers affected" at a threshold is a sum).
/// </summary>
internal sealed class FeatureTally(IReadOnlyList<Feature> features, ShopperIndex shoppers)
{
    private const int Classes = 3;

    // Shoppers' rows live in blocks of 2^16: a night of millions of shoppers grows without copying what it holds.
    private const int BlockBits = 16;
    private readonly int _width = features.Count;

    // Bins run up to a feature's thresholds, a dozen at most: a tight stride keeps every counter in a few pages of cache.
    private readonly int _bins = features.Max(f => f.Thresholds.Length);
    private readonly long[] _requests = new long[features.Count * Classes * features.Max(f => f.Thresholds.Length)];
    private readonly long[] _requestsPerClass = new long[Classes];
    private readonly List<byte[]> _blocks = [];
    private long[]? _shoppers;

    public ShopperIndex Shoppers => shoppers;

    public long Requests => _requestsPerClass.Sum();

    public long RequestsOf(ShopperClass c) => _requestsPerClass[(int)c];

    /// <summary>
    /// One request of <paramref name="shopper"/> (of class <paramref name="shopperClass"/>), which matched the features
    /// of <paramref name="matched"/> (each <see cref="Match"/>); the rest it did not match, so they cost nothing.
    /// </summary>
    public void Add(int shopper, ShopperClass shopperClass, ReadOnlySpan<int> matched)
    {
        var c = (int)shopperClass;
        _requestsPerClass[c]++;
        if (matched.IsEmpty)
        {
            return;
        }

        var row = Row(shopper);
        foreach (var m in matched)
        {
            var (f, bin) = (m >> 8, (byte)m);
            _requests[((f * Classes) + c) * _bins + bin]++;
            row[f] = Math.Max(row[f], Strictness(bin));
        }
    }

    /// <summary>Feature <paramref name="f"/> matched at threshold <paramref name="bin"/>, as <see cref="Add"/> takes it.</summary>
    public static int Match(int f, byte bin) => (f << 8) | bin;

    /// <summary>Adds another tally of the same log over other features (requests counted once: by the first tally).</summary>
    public void Merge(FeatureTally other)
    {
        for (var i = 0; i < _requests.Length; i++)
        {
            _requests[i] += other._requests[i];
        }

        for (var b = 0; b < other._blocks.Count; b++)
        {
            var (mine, theirs) = (Block(b), other._blocks[b]);
            for (var i = 0; i < theirs.Length; i++)
            {
                mine[i] = Math.Max(mine[i], theirs[i]);
            }
        }

        _shoppers = null;
    }

    /// <summary>Requests of class <paramref name="c"/> that feature <paramref name="f"/> matches at threshold <paramref name="k"/>.</summary>
    public long RequestsMatched(int f, ShopperClass c, int k)
    {
        long sum = 0;
        var start = ((f * Classes) + (int)c) * _bins;
        for (var b = 0; b <= k; b++)
        {
            sum += _requests[start + b];
        }

        return sum;
    }

    /// <summary>Shoppers per class that feature <paramref name="f"/> touches at each threshold (cumulative), from their strictest bins.</summary>
    public long[,] ShoppersMatched(int f)
    {
        _shoppers ??= CountShoppers();
        var thresholds = features[f].Thresholds.Length;
        var counts = new long[Classes, thresholds];
        for (var c = 0; c < Classes; c++)
        {
            var sum = 0L;
            for (var k = 0; k < thresholds; k++)
            {
                sum += _shoppers[((f * Classes) + c) * _bins + k];
                counts[c, k] = sum;
            }
        }

        return counts;
    }

    public long ShoppersOf(ShopperClass c)
    {
        long n = 0;
        for (var s = 0; s < shoppers.Count; s++)
        {
            n += shoppers.ClassOf(s) == c ? 1 : 0;
        }

        return n;
    }

    // A row keeps 255 − the strictest bin, so a fresh (zeroed) row means "never matched" and a stricter bin is a larger byte.
    private static byte Strictness(byte bin) => (byte)(Feature.NoMatch - bin);

    /// <summary>Shoppers per feature, class and strictest bin, for every feature in one pass over the rows in order.</summary>
    private long[] CountShoppers()
    {
        var counts = new long[_requests.Length];
        for (var s = 0; s < shoppers.Count; s++)
        {
            if ((s >> BlockBits) >= _blocks.Count)
            {
                break;
            }

            var c = (int)shoppers.ClassOf(s);
            var row = Row(s);
            for (var f = 0; f < row.Length; f++)
            {
                if (row[f] != 0)
                {
                    counts[((f * Classes) + c) * _bins + (Feature.NoMatch - row[f])]++;
                }
            }
        }

        return counts;
    }

    private Span<byte> Row(int shopper) => Block(shopper >> BlockBits).AsSpan((shopper & ((1 << BlockBits) - 1)) * _width, _width);

    private byte[] Block(int b)
    {
        while (_blocks.Count <= b)
        {
            _blocks.Add(new byte[(1 << BlockBits) * _width]);
        }

        return _blocks[b];
    }
}
