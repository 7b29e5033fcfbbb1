using System.CommandLine;
using System.Text.Json;
using Fairdrop.Learner;
using Fairdrop.Learner.Evaluation;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Cli.Learner;

/// <summary>
/// <c>fairdrop learner evaluate</c>: the learner against the oracle and the baselines on a seeded simulated market,
/// with off-policy estimates; writes the table into docs/learner.md between its markers and the learning curve as SVG.
/// </summary>
internal static class LearnerCommand
{
    public const string StartMarker = "<!-- evaluation:start -->";
    public const string EndMarker = "<!-- evaluation:end -->";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("learner", "The delivery learner: offline evaluation on simulated shoppers.");
        command.Subcommands.Add(Evaluate());
        command.Subcommands.Add(EvaluateLogged());
        return command;
    }

    private static Command Evaluate()
    {
        var shoppers = new Option<int>("--shoppers") { Description = "Simulated shoppers.", DefaultValueFactory = _ => 100_000 };
        var days = new Option<int>("--days") { Description = "Simulated days.", DefaultValueFactory = _ => 30 };
        var seed = new Option<ulong>("--seed") { Description = "Seed: the same seed gives the same run, bit for bit.", DefaultValueFactory = _ => 42 };
        var doc = new Option<FileInfo?>("--doc") { Description = "A Markdown file whose evaluation markers get the table (e.g. docs/learner.md)." };
        var chart = new Option<FileInfo?>("--chart") { Description = "Where to write the learning curve (SVG), e.g. docs/learner-curve.svg." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON instead of Markdown." };
        var command = new Command("evaluate", "Simulate shoppers and compare the learner with the oracle, fixed channels, most recent channel, channel-then-time and random; IPS/DR on its logged decisions.")
        {
            shoppers, days, seed, doc, chart, json,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(shoppers) < 1 || parseResult.GetValue(days) is < 1 or > 365)
            {
                await Console.Error.WriteLineAsync("fairdrop: --shoppers must be at least 1 and --days between 1 and 365.");
                return 2;
            }

            var progress = new Progress<int>(day => Console.Error.Write($"\rlearner evaluate: day {day}/{parseResult.GetValue(days)}"));
            var report = Evaluator.Run(parseResult.GetValue(shoppers), parseResult.GetValue(days), parseResult.GetValue(seed), progress);
            await Console.Error.WriteLineAsync();
            var chartFile = parseResult.GetValue(chart);
            if (chartFile is not null)
            {
                await File.WriteAllTextAsync(chartFile.FullName, LearningCurveSvg.Render(report), cancellationToken);
            }

            var markdown = ReportMarkdown.Write(report, chartFile?.Name ?? "learner-curve.svg");
            if (parseResult.GetValue(doc) is { } docFile && !await ReplaceBetweenMarkersAsync(docFile, markdown, cancellationToken))
            {
                await Console.Error.WriteLineAsync($"fairdrop: {docFile.FullName} has no {StartMarker} … {EndMarker} section.");
                return 2;
            }

            Console.WriteLine(parseResult.GetValue(json) ? JsonSerializer.Serialize(report, Json) : markdown);
            return report.Policies.Sum(p => p.Violations) == 0 ? 0 : 1;
        });
        return command;
    }

    private static Command EvaluateLogged()
    {
        var storage = new StorageArguments();
        var merchant = new Option<Guid>("--merchant") { Description = "The merchant's id.", Required = true };
        var days = new Option<int>("--days") { Description = "How many days of settled decisions to read.", DefaultValueFactory = _ => 30 };
        var command = new Command("evaluate-logged", "IPS and doubly robust estimates of other policies from the merchant's own settled learned decisions, as JSON.") { merchant, days };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CommandServices.CreateMigratedAsync(storage.ToSettings(parseResult), cancellationToken);
            var result = await services.GetRequiredService<LearnerService>().EvaluateLoggedAsync(parseResult.GetValue(merchant), parseResult.GetValue(days), cancellationToken);
            if (!result.TryGetValue(out var estimates, out var error))
            {
                await Console.Error.WriteLineAsync($"fairdrop: {error.Message}");
                return 2;
            }

            Console.WriteLine(JsonSerializer.Serialize(estimates, Json));
            return 0;
        });
        return command;
    }

    private static async Task<bool> ReplaceBetweenMarkersAsync(FileInfo file, string markdown, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(file.FullName, cancellationToken);
        var start = text.IndexOf(StartMarker, StringComparison.Ordinal);
        var end = text.IndexOf(EndMarker, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            return false;
        }

        var updated = string.Concat(text.AsSpan(0, start + StartMarker.Length), "\n", markdown, text.AsSpan(end));
        await File.WriteAllTextAsync(file.FullName, updated, cancellationToken);
        return true;
    }
}
