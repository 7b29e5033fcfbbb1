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
        var rounds = new Option<int>("--rounds") { Description = "With --http: rounds alternating plain and gate; the best of each side counts.", DefaultValueFactory = _ => 2 };
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
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(http))
            {
                var settings = new GateHttpSettings(parseResult.GetValue(seconds), parseResult.GetValue(connections), 2, parseResult.GetValue(rounds), 10, parseResult.GetValue(latencyLoad));
                return await GateHttpBenchCommand.RunAsync(settings, cancellationToken);
            }

            var result = GateBenchmark.Run(parseResult.GetValue(shoppers), parseResult.GetValue(decisions), parseResult.GetValue(breakdown), step => Console.Error.WriteLine($"bench gate: {step}"));
            var f = CultureInfo.InvariantCulture;
            BenchReport.Print($"gate: {result.Decisions:N0} decisions, {result.Rules} rules, {result.Shoppers:N0} shoppers, one thread",
            [
                ("baseline (PartitionedRateLimiter, 1 rule) decisions/s", result.BaselinePerSecond.ToString("N0", f)),
                ("gate (20 rules, activity store) decisions/s", result.GatePerSecond.ToString("N0", f)),
                ("ratio (gate / baseline)", result.Ratio.ToString("0.00", f)),
                ("gate bytes allocated per decision", result.BytesPerDecision.ToString("0.###", f)),
                ("gate decisions block / challenge / delay / allow", $"{result.Counts[(int)GateAction.Block]:N0} / {result.Counts[(int)GateAction.Challenge]:N0} / {result.Counts[(int)GateAction.Delay]:N0} / {result.Counts[(int)GateAction.Allow]:N0}"),
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
                ratio = Math.Round(result.Ratio, 3),
            });
            return 0;
        });
        return command;
    }
}
