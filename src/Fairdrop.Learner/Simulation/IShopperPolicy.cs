using Fairdrop.Learner.Decisions;
using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Simulation;

/// <summary>
/// A way of choosing among the allowed alternatives of an offer, learning only from what is seen. Choose is called
/// from several workers at once, each on its own shoppers; EndOfDay runs alone between days.
/// </summary>
internal interface IShopperPolicy
{
    string Name { get; }

    /// <summary>An index into <paramref name="options"/>; <paramref name="truth"/> is for the oracle only.</summary>
    int Choose(in ShopperSituation situation, ReadOnlySpan<SlotOption> options, ReadOnlySpan<double> truth, ref LearnerRandom random);

    void Observe(in ShopperSituation situation, in SlotOption sent, bool seen);

    void EndOfDay(int day);
}
