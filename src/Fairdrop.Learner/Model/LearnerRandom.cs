namespace Fairdrop.Learner.Model;

/// <summary>
/// xoshiro256** seeded through SplitMix64, with the Gaussian, Gamma and Beta draws the learner needs. Our own rather
/// than System.Random so a seeded run reproduces bit for bit on every runtime, and so a hot decision allocates
/// nothing. Not cryptographic; not thread-safe (one per worker, passed by ref).
/// </summary>
internal struct LearnerRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public LearnerRandom(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    /// <summary>A stream for one (seed, a, b) triple, independent of the order in which streams are made.</summary>
    public static LearnerRandom For(ulong seed, ulong a, ulong b = 0) =>
        new(seed ^ (a * 0x9E3779B97F4A7C15UL) ^ (b * 0xC2B2AE3D27D4EB4FUL) ^ 0x165667B19E3779F9UL);

    public ulong NextULong()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public int Next(int maxExclusive) => (int)((NextULong() >> 33) * (ulong)maxExclusive >> 31);

    /// <summary>Standard normal, Marsaglia's polar method (no cached second value, so the stream stays simple to replay).</summary>
    public double NextGaussian()
    {
        while (true)
        {
            var u = (2 * NextDouble()) - 1;
            var v = (2 * NextDouble()) - 1;
            var s = (u * u) + (v * v);
            if (s is > 0 and < 1)
            {
                return u * Math.Sqrt(-2 * Math.Log(s) / s);
            }
        }
    }

    /// <summary>Gamma(shape, 1) by Marsaglia and Tsang; shapes below one are boosted by U^(1/shape).</summary>
    public double NextGamma(double shape)
    {
        if (shape < 1)
        {
            var boost = Math.Pow(NextDouble() + double.Epsilon, 1 / shape);
            return NextGamma(shape + 1) * boost;
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = NextGaussian();
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = NextDouble();
            if (u < 1 - (0.0331 * x * x * x * x) || Math.Log(u) < (0.5 * x * x) + (d * (1 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    public double NextBeta(double alpha, double beta)
    {
        var x = NextGamma(alpha);
        var y = NextGamma(beta);
        return x / (x + y);
    }

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
