using Fairdrop.Gate.Recommendations.Labels;

namespace Fairdrop.Gate.Recommendations.Analysis;

/// <summary>
/// The labelled distributions of every feature: per class, how many requests first match at each threshold, and per
/// shopper the strictest threshold any of its requests matched (so "shoppers affected" at a threshold is a sum).
/// </summary>
internal sealed class FeatureTally(IReadOnlyList<Feature> features, ShopperIndex shoppers)
{
    private const int Classes = 3;
    private readonly int _width = features.Count;
    private readonly long[] _requests = new long[features.Count * Classes * 256];
    private readonly long[] _requestsPerClass = new long[Classes];
    private byte[] _shopperBins = [];

    public ShopperIndex Shoppers => shoppers;

    public long Requests => _requestsPerClass.Sum();

    public long RequestsOf(ShopperClass c) => _requestsPerClass[(int)c];

    public void Add(int shopper, ReadOnlySpan<byte> bins)
    {
        var needed = (shopper + 1) * _width;
        if (_shopperBins.Length < needed)
        {
            var grown = new byte[Math.Max(needed, _shopperBins.Length * 2)];
            Array.Fill(grown, Feature.NoMatch, _shopperBins.Length, grown.Length - _shopperBins.Length);
            _shopperBins.CopyTo(grown, 0);
            _shopperBins = grown;
        }

        var c = (int)shoppers.ClassOf(shopper);
        _requestsPerClass[c]++;
        var row = _shopperBins.AsSpan(shopper * _width, _width);
        for (var f = 0; f < bins.Length; f++)
        {
            var bin = bins[f];
            if (bin == Feature.NoMatch)
            {
                continue;
            }

            _requests[((f * Classes) + c) * 256 + bin]++;
            if (bin < row[f])
            {
                row[f] = bin;
            }
        }
    }

    /// <summary>Adds another tally of the same log over other features (requests counted once: by the first tally).</summary>
    public void Merge(FeatureTally other)
    {
        for (var i = 0; i < _requests.Length; i++)
        {
            _requests[i] += other._requests[i];
        }

        if (_shopperBins.Length < other._shopperBins.Length)
        {
            var grown = new byte[other._shopperBins.Length];
            Array.Fill(grown, Feature.NoMatch, _shopperBins.Length, grown.Length - _shopperBins.Length);
            _shopperBins.CopyTo(grown, 0);
            _shopperBins = grown;
        }

        for (var i = 0; i < other._shopperBins.Length; i++)
        {
            _shopperBins[i] = Math.Min(_shopperBins[i], other._shopperBins[i]);
        }
    }

    /// <summary>Requests of class <paramref name="c"/> that feature <paramref name="f"/> matches at threshold <paramref name="k"/>.</summary>
    public long RequestsMatched(int f, ShopperClass c, int k)
    {
        long sum = 0;
        var start = ((f * Classes) + (int)c) * 256;
        for (var b = 0; b <= k; b++)
        {
            sum += _requests[start + b];
        }

        return sum;
    }

    /// <summary>Shoppers per class that feature <paramref name="f"/> touches at each threshold (cumulative), from their strictest bins.</summary>
    public long[,] ShoppersMatched(int f)
    {
        var thresholds = features[f].Thresholds.Length;
        var counts = new long[Classes, thresholds];
        for (var s = 0; s < shoppers.Count; s++)
        {
            var bin = s * _width + f < _shopperBins.Length ? _shopperBins[s * _width + f] : Feature.NoMatch;
            if (bin == Feature.NoMatch)
            {
                continue;
            }

            for (var k = bin; k < thresholds; k++)
            {
                counts[(int)shoppers.ClassOf(s), k]++;
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
}
