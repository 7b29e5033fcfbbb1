using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Hosting;
using Fairdrop.Gate.Language;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Fairdrop.Cli.Gate;

/// <summary><c>fairdrop rules test FILE --replay LOG</c>: re-judge recorded traffic under a rule file and show what would change.</summary>
internal static class RulesTestCommand
{
    /// <summary>The <c>--replay</c> value that reads the decision log from the database rather than a file.</summary>
    public const string Database = "db";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var storage = new StorageArguments();
        var file = new Argument<FileInfo>("FILE") { Description = "The rule file to try." };
        var replay = new Option<string>("--replay")
        {
            Description = $"Recorded decisions to re-judge: a JSON-lines file (one decision per line, as the API returns them; unreadable lines are skipped and counted), or '{Database}' for the decision log in the database (--data/--postgres).",
            HelpName = "LOG",
            Required = true,
        };
        var merchant = new Option<Guid?>("--merchant") { Description = "Only this merchant's decisions (database log)." };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only decisions at or after this time (database log)." };
        var show = new Option<int>("--show") { Description = "Changed requests to list.", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print the whole report as JSON." };
        var command = new Command("test", "Re-judge recorded traffic under the rules in FILE: counts per action before and after, the requests whose action changes, per rule.")
        {
            file,
            replay,
            merchant,
            since,
            show,
            json,
        };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!;
            var log = parseResult.GetValue(replay)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"fairdrop: {path.FullName} does not exist.");
                return 2;
            }

            var text = await File.ReadAllTextAsync(path.FullName, cancellationToken);
            var context = CompileContext.Default with { KnownActions = GateOptions.DefaultRoutes.Select(r => r.Action).Append("other").Distinct().ToList() };
            (ReplayReport? Report, RuleCompilation Compilation) outcome;
            var skipped = 0;
            if (log == Database)
            {
                await using var services = await CommandServices.CreateMigratedAsync(storage.ToSettings(parseResult), cancellationToken);
                var records = services.GetRequiredService<DecisionStore>().ReadOldestFirstAsync(parseResult.GetValue(merchant), parseResult.GetValue(since), cancellationToken);
                outcome = await DecisionReplay.RunAsync(text, context, new ActivityOptions(), records, cancellationToken);
            }
            else if (File.Exists(log))
            {
                // A night's log with one cut-short or garbled line is still worth replaying: the line is skipped and counted, as the recommender does.
                (var records, skipped) = await DecisionLogFile.ReadSkippingAsync(log, cancellationToken);
                outcome = await DecisionReplay.RunAsync(text, context, new ActivityOptions(), DecisionLogFile.AsAsync(records, cancellationToken), cancellationToken);
            }
            else
            {
                await Console.Error.WriteLineAsync($"fairdrop: --replay {log}: no such file (use '{Database}' for the decision log in the database).");
                return 2;
            }

            if (outcome.Report is not { } report)
            {
                foreach (var diagnostic in outcome.Compilation.Diagnostics)
                {
                    await Console.Error.WriteLineAsync(diagnostic.Format(path.Name));
                }

                await Console.Error.WriteLineAsync($"{path.Name}: {outcome.Compilation.Errors.Count()} errors; nothing replayed");
                return 1;
            }

            report = report with { SkippedLines = skipped };
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, Json));
                return 0;
            }

            Print(path.Name, report, parseResult.GetValue(show));
            if (skipped > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{skipped:N0} unreadable line{(skipped == 1 ? string.Empty : "s")} of {log} skipped (not decisions)."));
            }

            return 0;
        });
        return command;
    }

    private static void Print(string name, ReplayReport report, int show)
    {
        var f = CultureInfo.InvariantCulture;
        var actions = new Table().Title($"{name} (version {report.RuleVersion}) over {report.Requests.ToString("N0", f)} recorded requests")
            .AddColumn("action").AddColumn(new TableColumn("recorded").RightAligned()).AddColumn(new TableColumn("with these rules").RightAligned()).AddColumn(new TableColumn("change").RightAligned());
        foreach (var a in report.Actions)
        {
            actions.AddRow(a.Action, a.Before.ToString("N0", f), a.After.ToString("N0", f), (a.After - a.Before).ToString("+#,0;-#,0;0", f));
        }

        var rules = new Table().Title("per rule").AddColumn("rule").AddColumn(new TableColumn("matched").RightAligned())
            .AddColumn(new TableColumn("decided").RightAligned()).AddColumn(new TableColumn("changed").RightAligned());
        foreach (var r in report.Rules)
        {
            rules.AddRow(Markup.Escape(r.Rule + (r.Shadow ? " (shadow)" : string.Empty)), r.Matched.ToString("N0", f), r.Decided.ToString("N0", f), r.Changed.ToString("N0", f));
        }

        AnsiConsole.Write(actions);
        AnsiConsole.Write(rules);
        Console.Out.Flush();
        Console.WriteLine($"{report.Changes.Count.ToString("N0", f)} requests change action{(report.Changes.Count > show ? $" (first {show} shown)" : string.Empty)}:");
        foreach (var c in report.Changes.Take(show))
        {
            var r = c.Request;
            Console.WriteLine(string.Create(f, $"  {r.At:yyyy-MM-dd HH:mm:ss.fff} {r.Method} {r.Path} ({r.Action}) customer={Or(r.CustomerId)} ip={r.Ip ?? "-"}: {c.Before}{By(c.BeforeRule)} -> {c.After}{By(c.AfterRule)}"));
        }
    }

    private static string Or(string value) => value.Length == 0 ? "-" : value;

    private static string By(string? rule) => rule is null ? string.Empty : $" [{rule}]";
}
