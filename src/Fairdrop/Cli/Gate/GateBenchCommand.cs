using System.CommandLine;
using System.Globalization;
using Fairdrop.Bench;
using Fairdrop.Gate.Engine;

namespace Fairdrop.Cli.Gate;

/// <summary><c>fairdrop bench gate</c>: in-process gate decisions versus ASP.NET Core's PartitionedRateLimiter.</summary>
internal static class GateBenchCommand
{
    public static Command Create()
    {
        var decisions = new Option<int>("--decisions") { Description = "Decisions each side makes.", DefaultValueFactory = _ => 5_000_000 };
        var shoppers = new Option<int>("--shoppers") { Description = "Distinct simulated shoppers.", DefaultValueFactory = _ => 100_000 };
        var http = new Option<bool>("--http") { Description = "Measure through HTTP with wrk (apt-get install -y wrk): fairdrop proxy with 20 rules versus a plain YARP proxy." };
        var command = new Command("gate", "Gate decisions per second with 20 rules (most over shoppers' activity) versus a PartitionedRateLimiter enforcing one rule, same run.");
        command.Options.Add(decisions);
        command.Options.Add(shoppers);
        command.Options.Add(http);
        command.SetAction(parseResult =>
        {
            if (parseResult.GetValue(http))
            {
                Console.Error.WriteLine("fairdrop bench gate --http: not implemented yet in this build (it needs wrk: apt-get install -y wrk). Run without --http for the in-process benchmark.");
                return 2;
            }

            var result = GateBenchmark.Run(parseResult.GetValue(shoppers), parseResult.GetValue(decisions), step => Console.Error.WriteLine($"bench gate: {step}"));
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
