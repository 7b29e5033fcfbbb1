using Fairdrop.Gate.Recommendations.Labels;
using Fairdrop.Gate.Recommendations.Simulation;

namespace Fairdrop.Gate.Tests.Recommendations;

public sealed class TrafficSimulatorTests
{
    [Fact]
    public void Simulate_SameSeed_SameNight()
    {
        var a = TrafficSimulator.Simulate(new SimulationSettings(Seed: 5, Humans: 200, BotsPerKind: 2));
        var b = TrafficSimulator.Simulate(new SimulationSettings(Seed: 5, Humans: 200, BotsPerKind: 2));
        var c = TrafficSimulator.Simulate(new SimulationSettings(Seed: 6, Humans: 200, BotsPerKind: 2));

        Assert.Equal(a.Log, b.Log);
        Assert.Equal(a.Labels, b.Labels);
        Assert.NotEqual(a.Log.Select(r => r.At), c.Log.Select(r => r.At));
    }

    [Fact]
    public void Simulate_Night_HasEveryKindOldestFirstWithHumanThinkTimes()
    {
        var night = Nights.Training;

        Assert.Equal(Enum.GetValues<ShopperKind>().ToHashSet(), night.Truth.Values.ToHashSet());
        Assert.True(night.Log.Zip(night.Log.Skip(1)).All(p => p.First.At <= p.Second.At));
        Assert.All(night.Log, r => Assert.Equal("allow", r.Decision));

        // Humans take seconds between steps (median about 6 s), scripted carts a fraction of a second.
        Assert.InRange(MedianGap(night, ShopperKind.Human), 3_000, 12_000);
        Assert.InRange(MedianGap(night, ShopperKind.FastCart), 100, 300);
    }

    [Fact]
    public void Simulate_Labels_ArePartialAndMostlyRight()
    {
        var night = Nights.Training;
        var labels = night.Labels.ToDictionary(l => l.Shopper);

        var humansLabelledBot = night.Truth.Count(t => t.Value == ShopperKind.Human && labels[t.Key].Class == ShopperClass.Bot);
        var botsLabelledBot = night.Truth.Count(t => t.Value != ShopperKind.Human && labels[t.Key].Class == ShopperClass.Bot);
        var botsLabelledHuman = night.Truth.Count(t => t.Value != ShopperKind.Human && labels[t.Key].Class == ShopperClass.Human);

        Assert.Equal(0, humansLabelledBot);
        Assert.True(botsLabelledBot > 10 * botsLabelledHuman, $"{botsLabelledBot} bots labelled bot, {botsLabelledHuman} labelled human");
        Assert.Contains(night.Labels, l => l.Class == ShopperClass.Unknown);
    }

    private static double MedianGap(SimulatedNight night, ShopperKind kind)
    {
        var gaps = night.Log.Where(r => night.KindOf(r) == kind).GroupBy(ShopperKey.Of)
            .SelectMany(g => g.Zip(g.Skip(1), (a, b) => (b.At - a.At).TotalMilliseconds)).Order().ToList();
        return gaps[gaps.Count / 2];
    }
}
