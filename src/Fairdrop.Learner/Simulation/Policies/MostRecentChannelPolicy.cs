using Fairdrop.Exchange.Matching;
using Fairdrop.Learner.Decisions;
using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Simulation.Policies;

/// <summary>The channel the shopper last engaged on, as soon as allowed; email until they have engaged.</summary>
internal sealed class MostRecentChannelPolicy(int shoppers) : IShopperPolicy
{
    private readonly sbyte[] _last = Enumerable.Repeat((sbyte)-1, shoppers).ToArray();

    public string Name => "most recent channel";

    public int Choose(in ShopperSituation situation, ReadOnlySpan<SlotOption> options, ReadOnlySpan<double> truth, ref LearnerRandom random) =>
        FixedChannelPolicy.Earliest(options, _last[situation.Index] < 0 ? Channel.Email : (Channel)_last[situation.Index]);

    public void Observe(in ShopperSituation situation, in SlotOption sent, bool seen)
    {
        if (seen)
        {
            _last[situation.Index] = (sbyte)sent.Channel;
        }
    }

    public void EndOfDay(int day)
    {
    }
}
