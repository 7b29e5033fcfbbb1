using Fairdrop.Learner.Decisions;
using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Simulation.Policies;

/// <summary>Any allowed channel at any allowed time, uniformly: the floor.</summary>
internal sealed class RandomPolicy : IShopperPolicy
{
    public string Name => "random";

    public int Choose(in ShopperSituation situation, ReadOnlySpan<SlotOption> options, ReadOnlySpan<double> truth, ref LearnerRandom random) =>
        random.Next(options.Length);

    public void Observe(in ShopperSituation situation, in SlotOption sent, bool seen)
    {
    }

    public void EndOfDay(int day)
    {
    }
}
