namespace Fairdrop.Learner.Model;

/// <summary>
/// Empirical-Bayes priors of one population (a merchant, or one of its segments): the mean engagement of every
/// (channel, hour-of-week bucket) arm, of every channel and every daypart, and the strength κ, in pseudo-trials, with
/// which a recipient's own evidence is shrunk toward them (docs/adr/0022).
/// </summary>
internal sealed class PriorTable
{
    public const double MinMean = 0.001;
    public const double MaxMean = 0.99;

    public PriorTable(double[] arms, double[] channels, double[] dayparts, double strength)
    {
        Arms = arms;
        Channels = channels;
        Dayparts = dayparts;
        Strength = strength;
    }

    /// <summary>Means per arm, indexed channel × 42 + bucket.</summary>
    public double[] Arms { get; }

    public double[] Channels { get; }

    public double[] Dayparts { get; }

    public double Strength { get; }

    /// <summary>Before any evidence: every arm at one mean, a weak prior (10 pseudo-trials).</summary>
    public static PriorTable Flat(double mean = 0.1, double strength = 10) => new(
        Enumerable.Repeat(mean, WeekBuckets.Channels * WeekBuckets.Count).ToArray(),
        Enumerable.Repeat(mean, WeekBuckets.Channels).ToArray(),
        Enumerable.Repeat(mean, WeekBuckets.Dayparts).ToArray(),
        strength);

    /// <summary>
    /// The recipient's posterior for one arm: the population's arm mean, lifted by how the recipient does on the
    /// channel and in the daypart against the population (each lift itself shrunk with κ), as a prior of strength κ;
    /// then the recipient's own trials of that arm.
    /// </summary>
    public BetaPosterior Posterior(RecipientState state, int channel, int bucket)
    {
        var (cs, cn) = state.Channel(channel);
        var channelMean = Channels[channel];
        var channelLift = (cs + (Strength * channelMean)) / (cn + Strength) / channelMean;
        var daypart = WeekBuckets.Daypart(bucket);
        var (ds, dn) = state.Daypart(daypart);
        var daypartMean = Dayparts[daypart];
        var daypartLift = (ds + (Strength * daypartMean)) / (dn + Strength) / daypartMean;
        var mean = Math.Clamp(Arms[(channel * WeekBuckets.Count) + bucket] * channelLift * daypartLift, MinMean, MaxMean);
        var (s, n) = state.Arm(channel, bucket);
        return BetaPosterior.FromMean(mean, Strength).Observe(s, n);
    }
}
