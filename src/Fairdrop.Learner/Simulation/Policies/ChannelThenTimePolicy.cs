using Fairdrop.Exchange.Matching;
using Fairdrop.Learner.Decisions;
using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Simulation.Policies;

/// <summary>
/// The anchors' approach (Braze Intelligent Channel, then Intelligent Timing): the channel with the best seen
/// engagement once the shopper has a few messages on two channels, else the population's best; then, separately, the
/// shopper's best daypart across channels once they have three engagements, else the population's; the constraints
/// override afterwards (the earliest allowed time on that channel when the best daypart is not allowed in time).
/// </summary>
internal sealed class ChannelThenTimePolicy(int shoppers) : IShopperPolicy
{
    private const int MinMessages = 2;
    private const int MinEngagements = 3;
    private readonly float[] _sends = new float[shoppers * ShopperTruth.Channels];
    private readonly float[] _seen = new float[shoppers * ShopperTruth.Channels];
    private readonly byte[] _dayparts = new byte[shoppers * WeekBuckets.Dayparts];
    private double[] _populationRate = [0.1, 0.1, 0.1, 0.1];
    private int _populationDaypart = 2;

    public string Name => "channel then time";

    public int Choose(in ShopperSituation situation, ReadOnlySpan<SlotOption> options, ReadOnlySpan<double> truth, ref LearnerRandom random)
    {
        var channel = BestChannel(situation.Index, options);
        var daypart = BestDaypart(situation.Index);
        var earliest = -1;
        for (var i = 0; i < options.Length; i++)
        {
            if (options[i].Channel != channel)
            {
                continue;
            }

            earliest = earliest < 0 ? i : earliest;
            if (WeekBuckets.Daypart(options[i].Bucket) == daypart)
            {
                return i;
            }
        }

        return Math.Max(earliest, 0);
    }

    public void Observe(in ShopperSituation situation, in SlotOption sent, bool seen)
    {
        var at = (situation.Index * ShopperTruth.Channels) + (int)sent.Channel;
        _sends[at]++;
        if (seen)
        {
            _seen[at]++;
            ref var count = ref _dayparts[(situation.Index * WeekBuckets.Dayparts) + WeekBuckets.Daypart(sent.Bucket)];
            count = (byte)Math.Min(count + 1, byte.MaxValue);
        }
    }

    /// <summary>The app-wide fallbacks, from everyone's history so far.</summary>
    public void EndOfDay(int day)
    {
        var sends = new double[ShopperTruth.Channels];
        var seen = new double[ShopperTruth.Channels];
        for (var i = 0; i < _sends.Length; i++)
        {
            sends[i % ShopperTruth.Channels] += _sends[i];
            seen[i % ShopperTruth.Channels] += _seen[i];
        }

        _populationRate = [.. Enumerable.Range(0, ShopperTruth.Channels).Select(c => (seen[c] + 1) / (sends[c] + 10))];
        var dayparts = new long[WeekBuckets.Dayparts];
        for (var i = 0; i < _dayparts.Length; i++)
        {
            dayparts[i % WeekBuckets.Dayparts] += _dayparts[i];
        }

        _populationDaypart = Array.IndexOf(dayparts, dayparts.Max());
    }

    private Channel BestChannel(int shopper, ReadOnlySpan<SlotOption> options)
    {
        var at = shopper * ShopperTruth.Channels;
        var tried = 0;
        for (var c = 0; c < ShopperTruth.Channels; c++)
        {
            tried += _sends[at + c] >= MinMessages ? 1 : 0;
        }

        var best = options[0].Channel;
        var bestRate = -1.0;
        foreach (var option in options)
        {
            var c = (int)option.Channel;
            var rate = tried >= 2 ? (_seen[at + c] + (2 * _populationRate[c])) / (_sends[at + c] + 2) : _populationRate[c];
            if (rate > bestRate)
            {
                best = option.Channel;
                bestRate = rate;
            }
        }

        return best;
    }

    private int BestDaypart(int shopper)
    {
        var at = shopper * WeekBuckets.Dayparts;
        var total = 0;
        var best = 0;
        for (var d = 0; d < WeekBuckets.Dayparts; d++)
        {
            total += _dayparts[at + d];
            best = _dayparts[at + d] > _dayparts[at + best] ? d : best;
        }

        return total >= MinEngagements ? best : _populationDaypart;
    }
}
