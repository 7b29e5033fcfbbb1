namespace Fairdrop.Learner.Model;

/// <summary>A Beta(α, β) belief about one arm's engagement probability; observing s of n adds s to α and n − s to β.</summary>
internal readonly record struct BetaPosterior(double Alpha, double Beta)
{
    public double Mean => Alpha / (Alpha + Beta);

    public double Variance => Alpha * Beta / ((Alpha + Beta) * (Alpha + Beta) * (Alpha + Beta + 1));

    /// <summary>The prior of strength κ pseudo-trials around a mean.</summary>
    public static BetaPosterior FromMean(double mean, double strength) => new(strength * mean, strength * (1 - mean));

    public BetaPosterior Observe(double successes, double trials) => new(Alpha + successes, Beta + (trials - successes));

    public double Sample(ref LearnerRandom random) => random.NextBeta(Alpha, Beta);
}
