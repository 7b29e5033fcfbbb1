using System.CommandLine;
using System.Globalization;
using Fairdrop.Gate.Engine;

namespace Fairdrop.Scenarios.Gate;

/// <summary><c>fairdrop-bench gate</c>: in-process gate decisions versus ASP.NET Core's PartitionedRateLimiter.</summary>
internal static class GateBenchCommand
{
    public static Command Create()
    {
        var decisions = new Option<int>("--decisions") { Description = "Decisions each side makes.", DefaultValueFactory = _ => 5_000_000 };
        var shoppers = new Option<int>("--shoppers") { Description = "Distinct simulated shoppers.", DefaultValueFactory = _ => 100_000 };
        var http = new Option<bool>("--http") { Description = "Measure through HTTP with wrk (apt-get install -y wrk): fairdrop proxy with the 20 rules versus a plain YARP proxy, same loopback upstream." };
        var seconds = new Option<int>("--seconds") { Description = "With --http: length of each wrk run.", DefaultValueFactory = _ => 10 };
        var connections = new Option<int>("--connections") { Description = "With --http: wrk connections.", DefaultValueFactory = _ => 32 };
        var breakdown = new Option<bool>("--breakdown") { Description = "After the measured run, time the rules alone and the activity store alone over the same requests." };
        var latencyLoad = new Option<double>("--latency-load")
        {
            Description = "With --http: after the flat-out rounds, pace both proxies at this share of the plain proxy's best requests/s and compare p99 there (0 skips).",
            DefaultValueFactory = _ => 0.5,
        };
        var rules = new Option<int>("--rules")
        {
            Description = "20: the bench rules (most over activity); 1: only the one-add-to-cart-per-second rule the baseline enforces, like for like.",
            DefaultValueFactory = _ => 20,
        };
        var threads = new Option<int>("--threads") { Description = "2: also judge from two threads sharing the rules and the store, and report the scaling over one.", DefaultValueFactory = _ => 1 };
        var rounds = new Option<int?>("--rounds") { Description = "Rounds alternating the sides. In process (default 5): the median of the per-round ratios counts. With --http (default 2): the best of each side counts." };
        var command = new Command("gate", "Gate decisions per second with 20 rules (most over shoppers' activity) versus a PartitionedRateLimiter enforcing one rule, same run; --http: through fairdrop proxy versus plain YARP.")
        {
            decisions,
            shoppers,
            http,
            seconds,
            connections,
            rounds,
            latencyLoad,
            breakdown,
            rules,
            threads,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(http))
            {
                var settings = new GateHttpSettings(parseResult.GetValue(seconds), parseResult.GetValue(connections), 2, parseResult.GetValue(rounds) ?? 2, 10, parseResult.GetValue(latencyLoad));
                return await GateHttpBenchCommand.RunAsync(settings, cancellationToken);
            }

            if (parseResult.GetValue(rules) is not (1 or 20) || parseResult.GetValue(threads) is not (1 or 2) || parseResult.GetValue(rounds) is < 1)
            {
                Console.Error.WriteLine("fairdrop-bench: --rules is 1 or 20, --threads 1 or 2, --rounds at least 1.");
                return 2;
            }

            var result = GateBenchmark.Run(parseResult.GetValue(shoppers), parseResult.GetValue(decisions), parseResult.GetValue(breakdown), step => Console.Error.WriteLine($"bench gate: {step}"),
                oneRule: parseResult.GetValue(rules) == 1, threads: parseResult.GetValue(threads), rounds: parseResult.GetValue(rounds) ?? 5);
            var f = CultureInfo.InvariantCulture;
            var twoThreads = result.ThreadScaling is { } scaling
                ? new[]
                {
                    ("two threads / one thread, median of rounds", scaling.ToString("0.00", f)),
                    ("baseline two threads / one thread, median of rounds", result.BaselineThreadScaling!.Value.ToString("0.00", f)),
                    ("control: two threads sharing nothing / one thread", result.SeparateStoresThreadScaling!.Value.ToString("0.00", f)),
                }
                : [];
            BenchReport.Print($"gate: {result.Decisions:N0} decisions a side in {result.Rounds} alternating rounds, {result.Rules} rules, {result.Shoppers:N0} shoppers",
            [
                ("baseline (PartitionedRateLimiter, 1 rule) decisions/s", result.BaselinePerSecond.ToString("N0", f)),
                ($"gate ({result.Rules} rules, activity store) decisions/s", result.GatePerSecond.ToString("N0", f)),
                ("ratio (gate / baseline), median of rounds", result.MedianRatio.ToString("0.00", f)),
                ("ratio of the totals", (result.GatePerSecond / result.BaselinePerSecond).ToString("0.00", f)),
                ("gate bytes allocated per decision", result.BytesPerDecision.ToString("0.###", f)),
                ("gate decisions block / challenge / delay / allow", $"{result.Counts[(int)GateAction.Block]:N0} / {result.Counts[(int)GateAction.Challenge]:N0} / {result.Counts[(int)GateAction.Delay]:N0} / {result.Counts[(int)GateAction.Allow]:N0}"),
                ("baseline denied", result.BaselineDenied.ToString("N0", f)),
                .. twoThreads,
            ],
            new
            {
                scenario = "gate",
                decisions = result.Decisions,
                rules = result.Rules,
                shoppers = result.Shoppers,
                baseline_decisions_per_sec = Math.Round(result.BaselinePerSecond),
                gate_decisions_per_sec = Math.Round(result.GatePerSecond),
                bytes_per_decision = Math.Round(result.BytesPerDecision, 3),
                rounds = result.Rounds,
                ratio = Math.Round(result.MedianRatio, 3),
                thread_scaling = result.ThreadScaling is { } threadScaling ? Math.Round(threadScaling, 3) : (double?)null,
                baseline_thread_scaling = result.BaselineThreadScaling is { } baselineScaling ? Math.Round(baselineScaling, 3) : (double?)null,
                separate_stores_thread_scaling = result.SeparateStoresThreadScaling is { } separateScaling ? Math.Round(separateScaling, 3) : (double?)null,
            });
            return 0;
        });
        return command;
    }
}
