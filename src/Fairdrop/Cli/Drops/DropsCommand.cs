using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Fairdrop.Drops;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Fairdrop.Cli.Drops;

/// <summary><c>fairdrop drops verify|report DROP</c>: check a drop's shuffle and show its fairness, from the database.</summary>
internal static class DropsCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("drops", "Audit fair drops: verify the shuffle, show the fairness report.");
        command.Subcommands.Add(Create("verify", "Recompute the pre-queue order from the revealed seed and the entries; exit 1 if it does not match.", VerifyAsync));
        command.Subcommands.Add(Create("report", "Print a drop's fairness report (Kendall tau, priority share, bot delays, waits, oversold).", ReportAsync));
        return command;
    }

    private static Command Create(string name, string description, Func<IServiceProvider, Guid, bool, CancellationToken, Task<int>> run)
    {
        var storage = new StorageArguments();
        var drop = new Argument<string>("drop") { Description = "The drop's id." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command(name, description)
        {
            drop,
            json,
        };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (!Guid.TryParse(parseResult.GetValue(drop), out var dropId))
            {
                await Console.Error.WriteLineAsync($"fairdrop: '{parseResult.GetValue(drop)}' is not a drop id.");
                return 2;
            }

            await using var services = await CommandServices.CreateMigratedAsync(storage.ToSettings(parseResult), cancellationToken);
            return await run(services, dropId, parseResult.GetValue(json), cancellationToken);
        });
        return command;
    }

    private static async Task<int> VerifyAsync(IServiceProvider services, Guid dropId, bool json, CancellationToken cancellationToken)
    {
        if (!(await services.GetRequiredService<DropQueries>().VerifyAsync(dropId, cancellationToken)).TryGetValue(out var verification, out _))
        {
            return await NoDropAsync(dropId);
        }

        Console.WriteLine(json ? JsonSerializer.Serialize(verification, Json) : verification.Message);
        return verification.Verified ? 0 : 1;
    }

    private static async Task<int> ReportAsync(IServiceProvider services, Guid dropId, bool json, CancellationToken cancellationToken)
    {
        if (!(await services.GetRequiredService<DropQueries>().OperatorReportAsync(dropId, cancellationToken)).TryGetValue(out var report, out _))
        {
            return await NoDropAsync(dropId);
        }

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(report with { ChartSvg = string.Empty }, Json));
            return 0;
        }

        var f = CultureInfo.InvariantCulture;
        var table = new Table().Title($"fairness of drop {dropId}").AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("entries (pre-queue)", $"{report.Entries} ({report.PreQueueEntries})");
        table.AddRow("Kendall tau, arrival vs place (0 = arrival did not matter)", report.ArrivalPlaceKendallTau.ToString("0.000", f));
        table.AddRow("units sold / units", $"{report.UnitsSold} / {report.Units}");
        table.AddRow("oversold", report.Oversold.ToString(f));
        table.AddRow("priority share (cap)", $"{report.PriorityShare:P1} ({report.PriorityCap:P0})");
        table.AddRow("suspected bots (held endlessly, sold)", $"{report.SuspectedBots} ({report.BotsHeldEndlessly}, {report.BotsSold})");
        table.AddRow("unverified entries (no shopper token)", report.UnverifiedEntries.ToString(f));
        table.AddRow("human wait p50 / p90 / p99 (s)", $"{report.HumanWaits.P50} / {report.HumanWaits.P90} / {report.HumanWaits.P99}");
        table.AddRow("bot wait p50 / p90 / p99 (s)", $"{report.BotWaits.P50} / {report.BotWaits.P90} / {report.BotWaits.P99}");
        AnsiConsole.Write(table);
        return 0;
    }

    private static async Task<int> NoDropAsync(Guid dropId)
    {
        await Console.Error.WriteLineAsync($"fairdrop: no drop {dropId}.");
        return 2;
    }
}
