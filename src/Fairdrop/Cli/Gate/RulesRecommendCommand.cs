using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Hosting;
using Fairdrop.Gate.Language;
using Fairdrop.Gate.Recommendations;
using Fairdrop.Gate.Recommendations.Labels;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Fairdrop.Cli.Gate;

/// <summary><c>fairdrop rules recommend --log LOG [--labels FILE]</c>: propose gate rules from recorded traffic, each with its replayed impact.</summary>
internal static class RulesRecommendCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var storage = new StorageArguments();
        var log = new Option<string>("--log")
        {
            Description = $"Recorded decisions: a JSON-lines file (as the API and `rules simulate` write them), or '{RulesTestCommand.Database}' for the database's log of --merchant (with its stored labels).",
            HelpName = "LOG",
            Required = true,
        };
        var labels = new Option<FileInfo?>("--labels") { Description = "Labels, one JSON object a line: {\"shopper\":…,\"class\":\"human|bot|unknown\"} or the evidence ({\"shopper\":…,\"purchases\":1,\"markedFraud\":false,…}). Without labels, rules are chosen by anomaly only.", HelpName = "FILE" };
        var cost = new Option<double>("--max-human-cost") { Description = "Largest share of labelled humans a rule may touch.", DefaultValueFactory = _ => 0.005 };
        var candidates = new Option<int>("--candidates") { Description = "Rules to propose (1–16), replayed together.", DefaultValueFactory = _ => 10 };
        var merchant = new Option<Guid?>("--merchant") { Description = "The merchant whose decisions and labels to read (database log)." };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only decisions at or after this time (database log)." };
        var json = new Option<bool>("--json") { Description = "Print the whole report as JSON." };
        var command = new Command("recommend", "Propose rules from recorded traffic: thresholds that separate labelled bots from humans, each replayed with its impact. Every rule passes `rules check`.")
        {
            log, labels, cost, candidates, merchant, since, json,
        };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var query = new RecommendationQuery(parseResult.GetValue(since), parseResult.GetValue(cost), parseResult.GetValue(candidates));
            if (!(query.MaxHumanCost is > 0 and <= 0.5) || query.Candidates is < 1 or > 16)
            {
                return await FailAsync("--max-human-cost must be in (0, 0.5] and --candidates in 1–16.");
            }

            RecommendationReport report;
            var source = parseResult.GetValue(log)!;
            if (source == RulesTestCommand.Database)
            {
                if (parseResult.GetValue(merchant) is not { } id || parseResult.GetValue(labels) is not null)
                {
                    return await FailAsync("--log db needs --merchant and reads that merchant's stored labels (no --labels).");
                }

                await using var services = await CommandServices.CreateMigratedAsync(storage.ToSettings(parseResult), cancellationToken);
                var result = await services.GetRequiredService<GateRecommendationService>().RecommendAsync(id, query, cancellationToken);
                if (!result.TryGetValue(out var fromDb, out var error))
                {
                    return await FailAsync(error.Message);
                }

                report = fromDb;
            }
            else if (File.Exists(source))
            {
                var (records, skipped) = await DecisionLogFile.ReadSkippingAsync(source, cancellationToken);
                IReadOnlyList<ShopperLabel> known = [];
                if (parseResult.GetValue(labels) is { } file)
                {
                    if (!file.Exists)
                    {
                        return await FailAsync($"{file.FullName} does not exist.");
                    }

                    (known, var skippedLabels) = await LabelFile.ReadAsync(file.FullName, cancellationToken);
                    if (skippedLabels > 0)
                    {
                        await Console.Error.WriteLineAsync($"fairdrop: {skippedLabels} unreadable label lines skipped.");
                    }
                }

                var context = CompileContext.Default with { KnownActions = GateOptions.DefaultRoutes.Select(r => r.Action).Append("other").Distinct().ToList() };
                var options = new RecommendationOptions { MaxHumanCost = query.MaxHumanCost, Candidates = query.Candidates, SkippedLines = skipped, Context = context };
                report = await RuleRecommender.RecommendAsync(() => DecisionLogFile.AsAsync(records, cancellationToken), known, options, cancellationToken);
            }
            else
            {
                return await FailAsync($"--log {source}: no such file (use '{RulesTestCommand.Database}' for the decision log in the database).");
            }

            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, Json));
            }
            else
            {
                Print(report);
            }

            return 0;
        });
        return command;
    }

    private static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync("fairdrop: " + message);
        return 2;
    }

    private static void Print(RecommendationReport report)
    {
        var f = CultureInfo.InvariantCulture;
        Console.WriteLine(report.Summary);
        if (report.Recommendations.Count == 0)
        {
            return;
        }

        var table = new Table().AddColumn("#").AddColumn("rule").AddColumn(new TableColumn("requests").RightAligned()).AddColumn(new TableColumn("shoppers").RightAligned())
            .AddColumn(new TableColumn("bot requests caught").RightAligned()).AddColumn(new TableColumn("humans hurt").RightAligned()).AddColumn(new TableColumn("purchases by affected").RightAligned());
        foreach (var r in report.Recommendations)
        {
            var i = r.Impact;
            table.AddRow(r.Rank.ToString(f), Markup.Escape(r.Name), i.Requests.ToString("N0", f), i.Shoppers.ToString("N0", f),
                report.AnomalyOnly ? "-" : $"{i.BotRequestsCaught.ToString("N0", f)} ({i.BotRequestShare.ToString("P1", f)})",
                report.AnomalyOnly ? "unknown" : $"{i.HumansHurt.ToString("N0", f)} ({i.HumanShare.ToString("P2", f)})", i.PurchasesByAffected.ToString("N0", f));
        }

        AnsiConsole.Write(table);
        Console.Out.Flush();
        foreach (var r in report.Recommendations)
        {
            Console.WriteLine();
            Console.WriteLine($"# {r.Rank}. {r.Explanation}");
            Console.WriteLine(r.Rule);
        }
    }
}
