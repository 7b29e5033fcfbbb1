using Fairdrop.Exchange.Matching;

namespace Fairdrop.Learner.Simulation;

/// <summary>
/// One simulated shopper's hidden truth: how likely they engage on each channel, at which local hour their attention on
/// it peaks (drifting by a few minutes a day), how weekends change them, how fast messages tire them, and which
/// engagements are never seen (an email read through a privacy proxy). Only the observable part (zone, quiet hours,
/// allowed channels, segment) is shown to policies; the oracle alone reads the rest.
/// </summary>
internal sealed class ShopperTruth
{
    public const int Channels = 4; // email, sms, web push, in-app: the channels a shopper reads
    private const double MaxProbability = 0.95;

    public required TimeZoneInfo Zone { get; init; }

    public DailyWindow? QuietHours { get; init; }

    public ChannelSet Allowed { get; init; }

    public string? Segment { get; init; }

    public required double[] Affinity { get; init; }

    public required double[] PeakHour { get; init; }

    public required double[] WidthHours { get; init; }

    public double WeekendFactor { get; init; } = 1;

    /// <summary>Hours a day every peak moves (drift).</summary>
    public double DriftHoursPerDay { get; init; }

    /// <summary>From this day on, the best and second-best channels swap affinity (a changed habit); −1 for never.</summary>
    public int SwitchDay { get; init; } = -1;

    /// <summary>Share of engagement lost per message received in the last three days.</summary>
    public double Fatigue { get; init; }

    /// <summary>Probability that an engagement on each channel is recorded (missing data).</summary>
    public required double[] Observed { get; init; }

    public double Probability(Channel channel, DateTimeOffset sendAt, int day, int recentMessages)
    {
        var c = (int)channel;
        if (c >= Channels)
        {
            return 0;
        }

        var local = TimeZoneInfo.ConvertTime(sendAt, Zone);
        var hour = local.Hour + (local.Minute / 60.0);
        var distance = Math.Abs(hour - ((PeakHour[c] + (DriftHoursPerDay * day)) % 24));
        distance = Math.Min(distance, 24 - distance);
        var rhythm = 0.15 + (0.85 * Math.Exp(-(distance * distance) / (2 * WidthHours[c] * WidthHours[c])));
        var weekend = local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? WeekendFactor : 1;
        var p = AffinityOn(c, day) * rhythm * weekend * Math.Pow(1 - Fatigue, recentMessages);
        return Math.Min(p, MaxProbability);
    }

    private double AffinityOn(int channel, int day)
    {
        if (SwitchDay < 0 || day < SwitchDay)
        {
            return Affinity[channel];
        }

        var best = 0;
        var second = 1;
        for (var c = 0; c < Channels; c++)
        {
            if (Affinity[c] > Affinity[best])
            {
                (second, best) = (best, c);
            }
            else if (c != best && Affinity[c] > Affinity[second])
            {
                second = c;
            }
        }

        return channel == best ? Affinity[second] : channel == second ? Affinity[best] : Affinity[channel];
    }
}
