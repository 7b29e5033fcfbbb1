using Fairdrop.Learner.Decisions;
using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Simulation.Policies;

/// <summary>Knows every shopper's true probabilities: the best any policy could do with the same constraints and costs.</summary>
internal sealed class OraclePolicy(OfferTerms terms) : IShopperPolicy
{
    public string Name => "oracle";

    public int Choose(in ShopperSituation situation, ReadOnlySpan<SlotOption> options, ReadOnlySpan<double> truth, ref LearnerRandom random)
    {
        var best = 0;
        for (var i = 1; i < options.Length; i++)
        {
            best = Worth(options[i], truth[i]) > Worth(options[best], truth[best]) ? i : best;
        }

        return best;
    }

    public void Observe(in ShopperSituation situation, in SlotOption sent, bool seen)
    {
    }

    public void EndOfDay(int day)
    {
    }

    private double Worth(SlotOption option, double p) => (p * terms.Value) - terms.Cost(option.Channel);
}
