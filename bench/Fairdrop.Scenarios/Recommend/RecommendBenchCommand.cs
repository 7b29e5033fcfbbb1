using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Language;
using Fairdrop.Gate.Recommendations;
using Fairdrop.Gate.Recommendations.Simulation;

namespace Fairdrop.Scenarios.Recommend;

/// <summary>
/// <c>fairdrop-bench recommend</c>: a simulated decision log analysed and its top candidates replayed (the recommender),
/// against three plain replays of the same log under one rule (<c>rules test --replay</c>), same run, same log in memory;
/// with <c>--rounds</c> the two alternate and the best of each counts.
/// </summary>
internal static class RecommendBenchCommand
{
    private const int PlainReplays = 3;

    public static Command Create()
    {
        var decisions = new Option<long>("--decisions") { Description = "About how many decisions the simulated log holds.", DefaultValueFactory = _ => 10_000_000 };
        var seed = new Option<int>("--seed") { Description = "The simulation's seed.", DefaultValueFactory = _ => 1 };
        var candidates = new Option<int>("--candidates") { Description = "Candidates replayed (1–16).", DefaultValueFactory = _ => 10 };
        var parallelism = new Option<int>("--parallelism") { Description = "Replays the recommender runs at once (the probes, then the candidates, split among them).", DefaultValueFactory = _ => new RecommendationOptions().Parallelism };
        var rounds = new Option<int>("--rounds") { Description = "Rounds alternating the two sides; the best of each side counts (a shared machine disturbs single runs).", DefaultValueFactory = _ => 1 };
        var command = new Command("recommend", $"Recommend rules over a simulated log (analysis and the top candidates replayed) versus {PlainReplays} plain replays of the same log.")
        {
            decisions, seed, candidates, parallelism, rounds,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(decisions) is < 1_000 or > 100_000_000 || parseResult.GetValue(candidates) is < 1 or > 16 || parseResult.GetValue(parallelism) is < 1 or > 16)
            {
                Console.Error.WriteLine("fairdrop-bench: --decisions is 1,000–100,000,000, --candidates 1–16 and --parallelism 1–16.");
                return 2;
            }

            var f = CultureInfo.InvariantCulture;
            var progress = (string step) => Console.Error.WriteLine($"bench recommend: {step}");
            progress($"simulating about {parseResult.GetValue(decisions):N0} decisions");
            var night = TrafficSimulator.Simulate(SimulationSettings.ForDecisions(parseResult.GetValue(seed), parseResult.GetValue(decisions)));
            var log = night.Log;
            var options = new RecommendationOptions { Candidates = parseResult.GetValue(candidates), Parallelism = parseResult.GetValue(parallelism) };
            // Both sides once over the first 20,000 decisions, so neither pays the JIT in its timed run.
            progress("warming up both sides");
            var warm = log.Take(20_000).ToList();
            await RuleRecommender.RecommendAsync(() => DecisionLogFile.AsAsync(warm, cancellationToken), night.Labels, options with { MinimumRequests = 0, MinimumShoppers = 0 }, cancellationToken);
            await DecisionReplay.RunAsync(Gate.GateBenchmark.OneRule, CompileContext.Default, options.Activity, DecisionLogFile.AsAsync(warm, cancellationToken), cancellationToken);
            RecommendationReport report = null!;
            double recommendSeconds = double.MaxValue, replaySeconds = double.MaxValue;
            for (var round = 1; round <= Math.Max(1, parseResult.GetValue(rounds)); round++)
            {
                progress($"round {round}: recommending over {log.Count:N0} decisions ({night.Truth.Count:N0} shoppers)");
                var watch = Stopwatch.StartNew();
                report = await RuleRecommender.RecommendAsync(() => DecisionLogFile.AsAsync(log, cancellationToken), night.Labels, options, cancellationToken);
                var recommended = watch.Elapsed.TotalSeconds;
                var plainRule = report.Recommendations.Count > 0 ? report.Recommendations[0].Rule : Gate.GateBenchmark.OneRule;
                progress($"round {round}: recommended in {recommended:0.00} s; {PlainReplays} plain replays of the top rule");
                watch.Restart();
                for (var i = 0; i < PlainReplays; i++)
                {
                    await DecisionReplay.RunAsync(plainRule, CompileContext.Default, options.Activity, DecisionLogFile.AsAsync(log, cancellationToken), cancellationToken);
                }

                progress($"round {round}: replayed in {watch.Elapsed.TotalSeconds:0.00} s");
                (recommendSeconds, replaySeconds) = (Math.Min(recommendSeconds, recommended), Math.Min(replaySeconds, watch.Elapsed.TotalSeconds));
            }

            var top = report.Recommendations.Count > 0 ? report.Recommendations[0] : null;
            BenchReport.Print($"recommend: {log.Count:N0} decisions, {report.Recommendations.Count} candidates replayed, {options.Parallelism} replays at once, against {PlainReplays} plain replays",
            [
                ("recommend (analysis + candidates replayed) s", recommendSeconds.ToString("0.00", f)),
                ($"{PlainReplays} plain replays s", replaySeconds.ToString("0.00", f)),
                ("ratio (recommend / plain replays)", (recommendSeconds / replaySeconds).ToString("0.00", f)),
                ("decisions/s, recommend (per pass over the log: 2)", (2 * log.Count / recommendSeconds).ToString("N0", f)),
                ("decisions/s, plain replay", (PlainReplays * log.Count / replaySeconds).ToString("N0", f)),
                ("top rule", top?.Name ?? "none"),
                ("top rule bot requests caught / humans hurt", top is null ? "-" : $"{top.Impact.BotRequestShare.ToString("P1", f)} / {top.Impact.HumanShare.ToString("P2", f)}"),
            ],
            new
            {
                scenario = "recommend",
                decisions = log.Count,
                candidates = report.Recommendations.Count,
                parallelism = options.Parallelism,
                recommend_seconds = Math.Round(recommendSeconds, 3),
                plain_replays_seconds = Math.Round(replaySeconds, 3),
                plain_replays = PlainReplays,
                ratio = Math.Round(recommendSeconds / replaySeconds, 3),
            });
            return 0;
        });
        return command;
    }
}
