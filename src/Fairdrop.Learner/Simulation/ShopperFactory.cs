using Fairdrop.Exchange.Matching;
using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Simulation;

/// <summary>
/// Draws shoppers from four hidden archetypes (desk emailer, evening texter, app scroller, weekender), each jittered,
/// with an observable segment that agrees with the archetype 70 % of the time. Shopper i depends only on (seed, i).
/// </summary>
internal static class ShopperFactory
{
    private static readonly string[] ZoneIds = ["Europe/Berlin", "America/New_York", "America/Los_Angeles", "Asia/Tokyo", "Europe/London", "Australia/Sydney"];
    private static readonly TimeZoneInfo[] Zones = [.. ZoneIds.Select(TimeZoneInfo.FindSystemTimeZoneById)];

    // Per archetype, per channel (email, sms, web push, in-app): affinity and peak local hour.
    private static readonly double[][] Affinities = [[0.30, 0.08, 0.08, 0.05], [0.08, 0.34, 0.08, 0.05], [0.07, 0.06, 0.30, 0.18], [0.20, 0.14, 0.06, 0.05]];
    private static readonly double[][] Peaks = [[10, 19, 13, 13], [8, 20.5, 21, 21], [9, 19, 22, 12.5], [11, 18, 20, 20]];
    private static readonly double[] Weekends = [0.7, 1.1, 1.0, 1.8];
    private static readonly DailyWindow[] QuietChoices = [new(new TimeOnly(22, 0), new TimeOnly(8, 0)), new(new TimeOnly(23, 0), new TimeOnly(7, 0))];

    public static ShopperTruth Create(ulong seed, int index)
    {
        var random = LearnerRandom.For(seed, (ulong)index, 0x5107);
        var archetype = random.Next(4);
        var segment = random.NextDouble() < 0.7 ? archetype : random.Next(4);
        var affinity = new double[ShopperTruth.Channels];
        var peak = new double[ShopperTruth.Channels];
        var width = new double[ShopperTruth.Channels];
        for (var c = 0; c < ShopperTruth.Channels; c++)
        {
            affinity[c] = Affinities[archetype][c] * Math.Exp(0.35 * random.NextGaussian());
            peak[c] = (Peaks[archetype][c] + (1.5 * random.NextGaussian()) + 24) % 24;
            width[c] = 1.5 + (2 * random.NextDouble());
        }

        var allowed = ChannelSet.None;
        allowed |= random.NextDouble() < 0.95 ? ChannelSet.Email : ChannelSet.None;
        allowed |= random.NextDouble() < 0.55 ? ChannelSet.Sms : ChannelSet.None;
        allowed |= random.NextDouble() < 0.45 ? ChannelSet.WebPush : ChannelSet.None;
        allowed |= random.NextDouble() < 0.50 ? ChannelSet.InApp : ChannelSet.None;
        return new ShopperTruth
        {
            Zone = Zones[random.Next(Zones.Length)],
            QuietHours = random.NextDouble() < 0.6 ? QuietChoices[random.Next(QuietChoices.Length)] : null,
            Allowed = allowed == ChannelSet.None ? ChannelSet.Email : allowed,
            Segment = $"s{segment}",
            Affinity = affinity,
            PeakHour = peak,
            WidthHours = width,
            WeekendFactor = Weekends[archetype],
            DriftHoursPerDay = 0.05 * random.NextGaussian(),
            SwitchDay = random.NextDouble() < 0.15 ? 10 + random.Next(15) : -1,
            Fatigue = 0.03 + (0.07 * random.NextDouble()),
            Observed = [0.75, 0.9, 0.95, 1.0],
        };
    }
}
