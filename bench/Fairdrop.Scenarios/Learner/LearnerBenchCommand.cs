using System.CommandLine;
using System.Globalization;
using Fairdrop.Learner.Evaluation;
using Fairdrop.Learner.Model;
using Fairdrop.Scenarios.Exchange;

namespace Fairdrop.Scenarios.Learner;

/// <summary>
/// <c>fairdrop-bench learner</c>: decisions per second at send time for N recipients, the learner against the plain
/// matcher in the same run on one core (target ≥ 0.3 of it and ≥ 200,000/s), memory per recipient, and the offline
/// evaluation on simulated shoppers (targets: ≥ 15 % over the best fixed channel, ≥ 5 % over channel-then-time, 0 violations).
/// </summary>
internal static class LearnerBenchCommand
{
    public static Command Create()
    {
        var recipients = new Option<int>("--recipients") { Description = "Recipients decided at send time.", DefaultValueFactory = _ => 1_000_000 };
        var shoppers = new Option<int>("--shoppers") { Description = "Simulated shoppers for the evaluation (0 skips it).", DefaultValueFactory = _ => 100_000 };
        var days = new Option<int>("--days") { Description = "Simulated days.", DefaultValueFactory = _ => 30 };
        var recorded = new Option<int>("--recorded") { Description = "Recipients decided with recording (alternatives and a 128-draw propensity).", DefaultValueFactory = _ => 100_000 };
        var command = new Command("learner", "Learned decisions per second vs the plain matcher (same run, one core), memory per recipient, and the simulated evaluation.")
        {
            recipients, shoppers, days, recorded,
        };
        command.SetAction(parseResult =>
        {
            var count = parseResult.GetValue(recipients);
            if (count < 1 || parseResult.GetValue(recorded) < 1)
            {
                Console.Error.WriteLine("fairdrop-bench: --recipients and --recorded must be at least 1.");
                return 2;
            }

            Console.Error.WriteLine($"bench learner: building {count:N0} profiles and states");
            var request = ExchangeMatchingBenchmark.Request();
            var profiles = ExchangeMatchingBenchmark.Profiles(count);
            var states = LearnedMatchingBenchmark.States(count);
            var prior = PriorTable.Flat();
            var warm = Math.Min(20_000, count);
            LearnedMatchingBenchmark.MatcherOnly(request, profiles[..warm]);
            LearnedMatchingBenchmark.Learned(request, profiles[..warm], states[..warm], prior);
            Console.Error.WriteLine("bench learner: matcher, then matcher + learner");
            var matcherRate = LearnedMatchingBenchmark.MatcherOnly(request, profiles);
            var (learnedRate, placed) = LearnedMatchingBenchmark.Learned(request, profiles, states, prior);
            var recordCount = Math.Min(parseResult.GetValue(recorded), count);
            var recordedRate = LearnedMatchingBenchmark.Recorded(request, profiles[..recordCount], states[..recordCount], prior, 128);
            var bytes = LearnedMatchingBenchmark.BytesPerState(Math.Min(count, 200_000));
            var ratio = learnedRate / matcherRate;

            EvaluationReport? report = null;
            if (parseResult.GetValue(shoppers) > 0)
            {
                Console.Error.WriteLine($"bench learner: evaluation, {parseResult.GetValue(shoppers):N0} shoppers × {parseResult.GetValue(days)} days");
                report = Evaluator.Run(parseResult.GetValue(shoppers), parseResult.GetValue(days), 42);
            }

            var overFixed = report?.Uplift(report.BestFixed);
            var overSeparate = report?.Uplift(report.Policy("channel then time"));
            var violations = report?.Policies.Sum(p => p.Violations);
            var f = CultureInfo.InvariantCulture;
            var sendTimeMet = ratio >= 0.3 && learnedRate >= 200_000;
            var evaluationMet = report is null || (overFixed >= 0.15 && overSeparate >= 0.05 && violations == 0);
            BenchReport.Print($"learner: {count:N0} recipients at send time; evaluation on simulated shoppers",
            [
                ("baseline: plain matcher decisions/s (one core)", matcherRate.ToString("N0", f)),
                ("matcher + learner decisions/s (one core)", learnedRate.ToString("N0", f)),
                ("ratio (learner / matcher), target ≥ 0.3", ratio.ToString("0.00", f)),
                ("placed by the learner / recipients", $"{placed:N0} / {count:N0}"),
                ("recorded decisions/s (alternatives + 128-draw propensity)", recordedRate.ToString("N0", f)),
                ("state per recipient: stored bytes / managed bytes", $"{RecipientState.SerializedSize} / {bytes:0}"),
                ("evaluation: learner engagement per offer", report is null ? "skipped" : report.Policy("learned").Rate.ToString("0.0000", f)),
                ("uplift over the best fixed channel, target ≥ 15 %", overFixed?.ToString("+0.0 %", f) ?? "skipped"),
                ("uplift over channel then time, target ≥ 5 %", overSeparate?.ToString("+0.0 %", f) ?? "skipped"),
                ("constraint violations, every policy", violations?.ToString(f) ?? "skipped"),
                ("targets met", sendTimeMet && evaluationMet ? "yes" : "NO"),
            ],
            new
            {
                scenario = "learner",
                recipients = count,
                matcher_decisions_per_s = Math.Round(matcherRate),
                learned_decisions_per_s = Math.Round(learnedRate),
                ratio = Math.Round(ratio, 3),
                recorded_decisions_per_s = Math.Round(recordedRate),
                state_bytes_stored = RecipientState.SerializedSize,
                state_bytes_managed = Math.Round(bytes),
                shoppers = parseResult.GetValue(shoppers),
                days = parseResult.GetValue(days),
                learned_rate = report?.Policy("learned").Rate,
                uplift_best_fixed = overFixed,
                uplift_channel_then_time = overSeparate,
                violations,
                targets_met = sendTimeMet && evaluationMet,
            });
            return sendTimeMet && evaluationMet ? 0 : 1;
        });
        return command;
    }
}
