using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Fairdrop.Drops;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Fairdrop.Cli.Drops;

/// <summary>
/// <c>fairdrop drops verify|report DROP</c>: check a drop's order and show its fairness, from the database; <c>verify
/// --from URL</c> checks it from any Fairdrop's public audit instead, with no database and no key.
/// </summary>
internal static class DropsCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("drops", "Audit fair drops: verify the shuffle, show the fairness report.");
        command.Subcommands.Add(CreateVerify());
        command.Subcommands.Add(Create("report", "Print a drop's fairness report (Kendall tau, priority share, bot delays, waits, oversold).", ReportAsync));
        return command;
    }

    private static Command CreateVerify()
    {
        var command = Create("verify", "Recompute every place (pre-queue, priority, bots, late windows) from the audit; exit 1 if one does not match.", VerifyAsync);
        var from = new Option<string?>("--from")
        {
            Description = "A Fairdrop's base URL (e.g. http://127.0.0.1:5080): verify from its public audit only, without a database.",
        };
        command.Options.Add(from);
        var run = command.Action;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(from) is not { } baseUrl)
            {
                return run is System.CommandLine.Invocation.AsynchronousCommandLineAction action ? await action.InvokeAsync(parseResult, cancellationToken) : 2;
            }

            return await VerifyFromAsync(baseUrl, parseResult.GetValue<string>("drop"), parseResult.GetValue<bool>("--json"), cancellationToken);
        });
        return command;
    }

    private static async Task<int> VerifyFromAsync(string from, string? dropText, bool json, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(dropText, out var dropId) || !Uri.TryCreate(from.TrimEnd('/') + "/", UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            await Console.Error.WriteLineAsync("fairdrop: verify --from takes an http(s) base URL and a drop id.");
            return 2;
        }

        DropAudit? audit;
        try
        {
            using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
            using var response = await http.GetAsync($"api/v1/public/drops/{dropId}/audit", cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                await Console.Error.WriteLineAsync($"fairdrop: {baseUrl} answered {(int)response.StatusCode} for drop {dropId}'s audit.");
                return 2;
            }

            audit = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<DropAudit>(response.Content, Json, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException or NotSupportedException)
        {
            await Console.Error.WriteLineAsync($"fairdrop: could not read drop {dropId}'s audit from {baseUrl}: {exception.Message}");
            return 2;
        }

        if (audit is null)
        {
            await Console.Error.WriteLineAsync($"fairdrop: {baseUrl} answered an empty audit.");
            return 2;
        }

        var verification = audit.Verify();
        Console.WriteLine(json ? JsonSerializer.Serialize(verification, Json) : verification.Message);
        return verification.Verified ? 0 : 1;
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
