using System.CommandLine;
using System.Globalization;
using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Recommendations;
using Fairdrop.Gate.Recommendations.Labels;
using Fairdrop.Gate.Recommendations.Simulation;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Cli.Gate;

/// <summary>
/// <c>fairdrop rules simulate --out LOG --labels-out FILE</c>: a seeded drop night (humans and five kinds of bot) as a
/// decision log with labels; or, with <c>--merchant</c>, recorded in the database as that merchant's log and labels.
/// </summary>
internal static class RulesSimulateCommand
{
    // PUT /gate/labels takes at most this many shoppers a call; the command writes through the same service.
    private const int LabelsPerCall = 10_000;

    public static Command Create()
    {
        var storage = new StorageArguments();
        var seed = new Option<int>("--seed") { Description = "The same seed gives the same night.", DefaultValueFactory = _ => 1 };
        var humans = new Option<int>("--humans") { Description = "Human shoppers.", DefaultValueFactory = _ => 2_000 };
        var bots = new Option<int>("--bots-per-kind") { Description = "Bots of each kind (fast carts, headless browsers, many-session, rotating addresses, slow imitators).", DefaultValueFactory = _ => 10 };
        var output = new Option<FileInfo?>("--out") { Description = "Where to write the decision log (JSON lines, what `rules test --replay` and `rules recommend --log` read).", HelpName = "LOG" };
        var labels = new Option<FileInfo?>("--labels-out") { Description = "Where to write the labels a merchant would know afterwards.", HelpName = "FILE" };
        var merchant = new Option<Guid?>("--merchant")
        {
            Description = "Instead of files: record the night in this merchant's decision log (ending now) and its labels in the database (--data/--postgres), to try the console's recommendations page.",
        };
        var command = new Command("simulate", "Write a simulated drop night: a decision log recorded under no rules, and its labels.") { seed, humans, bots, output, labels, merchant };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(humans) is < 0 or > 10_000_000 || parseResult.GetValue(bots) is < 0 or > 100_000)
            {
                await Console.Error.WriteLineAsync("fairdrop: --humans must be 0–10,000,000 and --bots-per-kind 0–100,000.");
                return 2;
            }

            var (logFile, labelsFile, into) = (parseResult.GetValue(output), parseResult.GetValue(labels), parseResult.GetValue(merchant));
            if (into is null == (logFile is null || labelsFile is null) || (into is not null && (logFile ?? labelsFile) is not null))
            {
                await Console.Error.WriteLineAsync("fairdrop: give either --out and --labels-out, or --merchant (to record the night in the database).");
                return 2;
            }

            var night = TrafficSimulator.Simulate(new SimulationSettings(parseResult.GetValue(seed), parseResult.GetValue(humans), parseResult.GetValue(bots)));
            if (into is { } merchantId)
            {
                await using var services = await CommandServices.CreateMigratedAsync(storage.ToSettings(parseResult), cancellationToken);
                if (await RecordAsync(services, merchantId, night, cancellationToken) is { } failure)
                {
                    await Console.Error.WriteLineAsync("fairdrop: " + failure);
                    return 2;
                }
            }
            else
            {
                await TrafficSimulator.WriteAsync(night, logFile!.FullName, labelsFile!.FullName, cancellationToken);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{night.Log.Count:N0} requests from {night.Truth.Count:N0} shoppers ({night.Truth.Values.Count(k => k != ShopperKind.Human):N0} bots), {night.Labels.Count:N0} labels."));
            return 0;
        });
        return command;
    }

    /// <summary>The night shifted to end now (so "the last day" holds it), in the merchant's log; its labels as the evidence a merchant would record.</summary>
    private static async Task<string?> RecordAsync(IServiceProvider services, Guid merchantId, SimulatedNight night, CancellationToken cancellationToken)
    {
        var shift = night.Log.Count == 0 ? TimeSpan.Zero : services.GetRequiredService<TimeProvider>().GetUtcNow() - night.Log[^1].At;
        await services.GetRequiredService<DecisionStore>().ImportAsync(merchantId, night.Log.Select(r => r with { At = r.At + shift }), cancellationToken);
        var recommendations = services.GetRequiredService<GateRecommendationService>();
        foreach (var chunk in night.Labels.Select(Evidence).Chunk(LabelsPerCall))
        {
            if (!(await recommendations.PutLabelsAsync(merchantId, chunk, cancellationToken)).TryGetValue(out _, out var error))
            {
                return error.Message;
            }
        }

        return null;
    }

    // A label's class back as the evidence that gives it: a flag for a bot, a purchase (or a passed challenge) for a human.
    private static ShopperEvidence Evidence(ShopperLabel label) => new(label.Shopper, label.Class switch
    {
        ShopperClass.Bot => new LabelEvidence(label.Purchases) { MarkedFraud = true },
        ShopperClass.Human => new LabelEvidence(label.Purchases) { ChallengesPassed = label.Purchases == 0 ? 1 : 0 },
        _ => new LabelEvidence(label.Purchases),
    });
}
