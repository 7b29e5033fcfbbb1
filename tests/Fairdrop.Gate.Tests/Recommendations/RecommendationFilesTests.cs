using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Recommendations.Labels;
using Fairdrop.Gate.Recommendations.Simulation;

namespace Fairdrop.Gate.Tests.Recommendations;

public sealed class RecommendationFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fairdrop-recommend-").FullName;

    [Fact]
    public async Task ReadSkippingAsync_CorruptedLines_SkipsAndCountsThem()
    {
        var night = TrafficSimulator.Simulate(new SimulationSettings(Seed: 3, Humans: 50, BotsPerKind: 1));
        var log = Path.Combine(_directory, "night.jsonl");
        var labels = Path.Combine(_directory, "labels.jsonl");
        await TrafficSimulator.WriteAsync(night, log, labels, CancellationToken.None);
        var lines = await File.ReadAllLinesAsync(log);
        lines[3] = lines[3][..20];            // cut short
        lines[7] = "not json at all";
        lines[9] = "{\"id\":\"x\"}";            // JSON, not a decision
        await File.WriteAllLinesAsync(log, lines);
        await File.AppendAllLinesAsync(labels, ["{\"shopper\":", "{\"class\":\"bot\"}", "", "{\"shopper\":\"c-9\",\"purchases\":1}"]);

        var (records, skipped) = await DecisionLogFile.ReadSkippingAsync(log, CancellationToken.None);
        var (read, skippedLabels) = await LabelFile.ReadAsync(labels, CancellationToken.None);

        Assert.Equal((lines.Length - 3, 3), (records.Count, skipped));
        Assert.Equal((night.Labels.Count + 1, 2), (read.Count, skippedLabels));
        Assert.Equal(night.Labels, read.Take(night.Labels.Count));
        Assert.Equal(new ShopperLabel("c-9", ShopperClass.Human, 1, "purchased"), read[^1]);
    }

    [Theory]
    [InlineData(1, false, false, 0, ShopperClass.Human)]
    [InlineData(1, true, false, 0, ShopperClass.Bot)]
    [InlineData(0, false, true, 0, ShopperClass.Bot)]
    [InlineData(0, false, false, 1, ShopperClass.Bot)]
    [InlineData(0, false, false, 0, ShopperClass.Unknown)]
    public void Classify_Evidence_FlagsWinOverPurchases(int purchases, bool fraud, bool dropFlag, int challengesFailed, ShopperClass expected) =>
        Assert.Equal(expected, new LabelEvidence(purchases) { MarkedFraud = fraud, DropBotFlag = dropFlag, ChallengesFailed = challengesFailed }.Classify());

    [Fact]
    public void Classify_ShadowHitsAlone_StayUnknown() =>
        Assert.Equal(ShopperClass.Unknown, new LabelEvidence { ShadowHits = 40 }.Classify());

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
