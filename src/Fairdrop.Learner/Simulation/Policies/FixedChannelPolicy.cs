using Fairdrop.Exchange.Matching;
using Fairdrop.Learner.Decisions;
using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Simulation.Policies;

/// <summary>One channel for everyone, sent as soon as allowed; a shopper without it gets the first allowed channel (the plain matcher's behaviour).</summary>
internal sealed class FixedChannelPolicy(Channel channel) : IShopperPolicy
{
    public string Name => $"fixed {channel.ToString().ToLowerInvariant()}";

    public int Choose(in ShopperSituation situation, ReadOnlySpan<SlotOption> options, ReadOnlySpan<double> truth, ref LearnerRandom random) =>
        Earliest(options, channel);

    public void Observe(in ShopperSituation situation, in SlotOption sent, bool seen)
    {
    }

    public void EndOfDay(int day)
    {
    }

    /// <summary>The earliest alternative on the channel, else the earliest on the first allowed one (options are channel-major, times ascending).</summary>
    public static int Earliest(ReadOnlySpan<SlotOption> options, Channel channel)
    {
        for (var i = 0; i < options.Length; i++)
        {
            if (options[i].Channel == channel)
            {
                return i;
            }
        }

        return 0;
    }
}
