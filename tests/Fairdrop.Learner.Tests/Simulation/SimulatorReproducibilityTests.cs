using System.Text.Json;
using Fairdrop.Learner.Evaluation;
using Fairdrop.Learner.Simulation;

namespace Fairdrop.Learner.Tests.Simulation;

public sealed class SimulatorReproducibilityTests
{
    [Fact]
    public void Run_SameSeedTwice_SameReportBitForBit()
    {
        var first = Evaluator.Run(shoppers: 400, days: 6, seed: 7);
        var second = Evaluator.Run(shoppers: 400, days: 6, seed: 7);

        Assert.Equal(Figures(first), Figures(second));
        Assert.All(first.Policies.Zip(second.Policies), p => Assert.Equal(BitConverter.DoubleToInt64Bits(p.First.Regret), BitConverter.DoubleToInt64Bits(p.Second.Regret)));
    }

    [Fact]
    public void Run_AnotherSeed_AnotherRun()
    {
        Assert.NotEqual(Figures(Evaluator.Run(400, 6, 7)), Figures(Evaluator.Run(400, 6, 8)));
    }

    [Fact]
    public void Create_SameSeedAndIndex_SameShopperWhateverTheOrder()
    {
        var later = ShopperFactory.Create(99, 12345);
        _ = ShopperFactory.Create(99, 1);
        var again = ShopperFactory.Create(99, 12345);

        Assert.Equal(later.Affinity, again.Affinity);
        Assert.Equal(later.PeakHour, again.PeakHour);
        Assert.Equal(later.Zone, again.Zone);
        Assert.Equal(later.Allowed, again.Allowed);
    }

    [Fact]
    public void Run_EveryPolicy_BreaksNoConstraint()
    {
        var report = Evaluator.Run(shoppers: 1000, days: 8, seed: 3);

        Assert.All(report.Policies, p => Assert.Equal(0, p.Violations));
        Assert.All(report.Policies, p => Assert.Equal(report.Policies[0].Offers, p.Offers));
        Assert.True(report.Policy("oracle").Rate >= report.Policies.Max(p => p.Rate) - 1e-12, "nothing beats the oracle");
    }

    private static string Figures(EvaluationReport report) =>
        JsonSerializer.Serialize(new { report.Policies, report.Estimates, report.StateBytesPerRecipient });
}
