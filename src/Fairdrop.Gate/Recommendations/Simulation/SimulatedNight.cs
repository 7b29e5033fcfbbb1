using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Recommendations.Labels;

namespace Fairdrop.Gate.Recommendations.Simulation;

/// <summary>
/// A simulated drop night: its decision log (recorded under no rules, every request kept, oldest first), the labels a
/// merchant would know afterwards (partial and a little wrong, as real ones are), and the truth for evaluation.
/// </summary>
public sealed record SimulatedNight(IReadOnlyList<DecisionRecord> Log, IReadOnlyList<ShopperLabel> Labels, IReadOnlyDictionary<string, ShopperKind> Truth)
{
    /// <summary>The true kind of the shopper who sent <paramref name="record"/>.</summary>
    public ShopperKind KindOf(DecisionRecord record) => Truth[ShopperKey.Of(record)];
}
