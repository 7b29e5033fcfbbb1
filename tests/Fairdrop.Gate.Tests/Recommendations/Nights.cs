using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Recommendations;
using Fairdrop.Gate.Recommendations.Simulation;

namespace Fairdrop.Gate.Tests.Recommendations;

/// <summary>Simulated nights shared by the recommendation tests (simulating and recommending take a second or two each).</summary>
internal static class Nights
{
    private static readonly Lazy<SimulatedNight> TrainingNight = new(() => TrafficSimulator.Simulate(new SimulationSettings(Seed: 1)));
    private static readonly Lazy<SimulatedNight> OtherNight = new(() => TrafficSimulator.Simulate(new SimulationSettings(Seed: 2)));
    private static readonly Lazy<Task<RecommendationReport>> TrainingReport = new(() => Recommend(Training));

    public static SimulatedNight Training => TrainingNight.Value;

    public static SimulatedNight Other => OtherNight.Value;

    public static Task<RecommendationReport> Trained => TrainingReport.Value;

    public static Task<RecommendationReport> Recommend(SimulatedNight night, bool labelled = true, RecommendationOptions? options = null) =>
        RuleRecommender.RecommendAsync(() => DecisionLogFile.AsAsync(night.Log), labelled ? night.Labels : [], options ?? new RecommendationOptions(), CancellationToken.None);
}
