namespace Fairdrop.Learner.Model;

/// <summary>
/// Fits a <see cref="PriorTable"/> to many recipients' evidence (the batch refit). Pooled means with each recipient's
/// weight capped at <see cref="MaxTrialsPerRecipient"/> per arm, so no single address (a bot opening thousands of
/// times, a tester) can swing a population; sparse arms are shrunk toward channel × daypart; κ by the method of moments
/// on recipients' channel rates.
/// </summary>
internal static class PriorFitter
{
    public const double MaxTrialsPerRecipient = 20;
    private const double ArmShrink = 20;
    private const double MinStrength = 2;
    private const double MaxStrength = 100;

    public static PriorTable Fit(IEnumerable<RecipientState> states, PriorTable? toward = null)
    {
        var arms = new double[WeekBuckets.Channels * WeekBuckets.Count * 2];
        var channels = new double[WeekBuckets.Channels * 2];
        var dayparts = new double[WeekBuckets.Dayparts * 2];
        var rates = new List<(int Channel, double Rate, double Trials)>();
        foreach (var state in states)
        {
            for (var c = 0; c < WeekBuckets.Channels; c++)
            {
                var (s, n) = state.Channel(c);
                Pool(channels, c, s, n);
                if (n >= 3)
                {
                    rates.Add((c, s / n, n));
                }
            }

            for (var d = 0; d < WeekBuckets.Dayparts; d++)
            {
                var (s, n) = state.Daypart(d);
                Pool(dayparts, d, s, n);
            }

            foreach (var (c, b, s, n) in state.Arms())
            {
                Pool(arms, (c * WeekBuckets.Count) + b, s, n);
            }
        }

        var fallback = toward ?? PriorTable.Flat();
        var channelMeans = Means(channels, fallback.Channels, ArmShrink);
        var daypartMeans = Means(dayparts, fallback.Dayparts, ArmShrink);
        var overall = channelMeans.Average();
        var armPrior = new double[WeekBuckets.Channels * WeekBuckets.Count];
        for (var c = 0; c < WeekBuckets.Channels; c++)
        {
            for (var b = 0; b < WeekBuckets.Count; b++)
            {
                var backoff = toward?.Arms[(c * WeekBuckets.Count) + b] ?? (channelMeans[c] * daypartMeans[WeekBuckets.Daypart(b)] / overall);
                armPrior[(c * WeekBuckets.Count) + b] = Math.Clamp(backoff, PriorTable.MinMean, PriorTable.MaxMean);
            }
        }

        return new PriorTable(Means(arms, armPrior, ArmShrink), channelMeans, daypartMeans, Strength(rates, channelMeans, fallback.Strength));
    }

    private static void Pool(double[] sums, int index, double successes, double trials)
    {
        if (trials <= 0)
        {
            return;
        }

        var weight = Math.Min(1, MaxTrialsPerRecipient / trials);
        sums[2 * index] += successes * weight;
        sums[(2 * index) + 1] += trials * weight;
    }

    private static double[] Means(double[] sums, double[] prior, double shrink)
    {
        var means = new double[sums.Length / 2];
        for (var i = 0; i < means.Length; i++)
        {
            means[i] = Math.Clamp((sums[2 * i] + (shrink * prior[i])) / (sums[(2 * i) + 1] + shrink), PriorTable.MinMean, PriorTable.MaxMean);
        }

        return means;
    }

    /// <summary>κ = m(1 − m)/τ² − 1, with τ² the spread of recipients' true rates: observed variance less binomial noise.</summary>
    private static double Strength(List<(int Channel, double Rate, double Trials)> rates, double[] means, double fallback)
    {
        if (rates.Count < 30)
        {
            return fallback;
        }

        double between = 0, noise = 0, spread = 0;
        foreach (var (c, rate, trials) in rates)
        {
            var m = means[c];
            between += (rate - m) * (rate - m);
            noise += m * (1 - m) / trials;
            spread += m * (1 - m);
        }

        var tau2 = (between - noise) / rates.Count;
        return tau2 <= 0 ? MaxStrength : Math.Clamp((spread / rates.Count / tau2) - 1, MinStrength, MaxStrength);
    }
}
