using System.CommandLine;
using System.Globalization;
using Fairdrop.Gate.Recommendations.Simulation;

namespace Fairdrop.Cli.Gate;

/// <summary><c>fairdrop rules simulate --out LOG --labels-out FILE</c>: a seeded drop night (humans and five kinds of bot) as a decision log with labels.</summary>
internal static class RulesSimulateCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "The same seed gives the same night.", DefaultValueFactory = _ => 1 };
        var humans = new Option<int>("--humans") { Description = "Human shoppers.", DefaultValueFactory = _ => 2_000 };
        var bots = new Option<int>("--bots-per-kind") { Description = "Bots of each kind (fast carts, headless browsers, many-session, rotating addresses, slow imitators).", DefaultValueFactory = _ => 10 };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the decision log (JSON lines, what `rules test --replay` and `rules recommend --log` read).", Required = true, HelpName = "LOG" };
        var labels = new Option<FileInfo>("--labels-out") { Description = "Where to write the labels a merchant would know afterwards.", Required = true, HelpName = "FILE" };
        var command = new Command("simulate", "Write a simulated drop night: a decision log recorded under no rules, and its labels.") { seed, humans, bots, output, labels };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(humans) is < 0 or > 10_000_000 || parseResult.GetValue(bots) is < 0 or > 100_000)
            {
                await Console.Error.WriteLineAsync("fairdrop: --humans must be 0–10,000,000 and --bots-per-kind 0–100,000.");
                return 2;
            }

            var night = TrafficSimulator.Simulate(new SimulationSettings(parseResult.GetValue(seed), parseResult.GetValue(humans), parseResult.GetValue(bots)));
            await TrafficSimulator.WriteAsync(night, parseResult.GetValue(output)!.FullName, parseResult.GetValue(labels)!.FullName, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{night.Log.Count:N0} requests from {night.Truth.Count:N0} shoppers ({night.Truth.Values.Count(k => k != ShopperKind.Human):N0} bots), {night.Labels.Count:N0} labels."));
            return 0;
        });
        return command;
    }
}
