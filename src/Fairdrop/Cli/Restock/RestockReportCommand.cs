using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Fairdrop.Restock.Analytics;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Fairdrop.Cli.Restock;

/// <summary><c>fairdrop restock report</c>: the funnel per product and round (waiting → alerted → clicked → purchased → revenue).</summary>
internal static class RestockReportCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public static Command Create()
    {
        var storage = new StorageArguments();
        var product = new Option<string?>("--product") { Description = "Only this product (the merchant's id).", HelpName = "ID" };
        var merchant = new Option<Guid?>("--merchant") { Description = "Only this merchant (default: every merchant).", HelpName = "ID" };
        var json = new Option<bool>("--json") { Description = "JSON instead of a table." };
        var command = new Command("report", "The restock funnel per product and round: waiting, alerted, sent, clicked, purchased, revenue.")
        {
            product,
            merchant,
            json,
        };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CommandServices.CreateMigratedAsync(storage.ToSettings(parseResult), cancellationToken);
            var rows = await services.GetRequiredService<RestockReport>().FunnelAsync(parseResult.GetValue(merchant), parseResult.GetValue(product), cancellationToken);
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(rows.Select(r => new { merchant_id = r.Merchant.Id, merchant = r.Merchant.Name, funnel = r.Row }), Json));
            }
            else
            {
                Print(rows);
            }

            return 0;
        });
        return command;
    }

    private static void Print(IReadOnlyList<MerchantFunnelRow> rows)
    {
        if (rows.Count == 0)
        {
            AnsiConsole.WriteLine("No restock activity yet: no product has shoppers waiting.");
            return;
        }

        if (Console.IsOutputRedirected)
        {
            // Pipes get Spectre's 80 columns by default, which wraps every figure; a file has room.
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
        }

        var c = CultureInfo.InvariantCulture;
        foreach (var group in rows.GroupBy(r => r.Merchant))
        {
            var table = new Table().Title(Markup.Escape($"{group.Key.Name} ({group.Key.Id})")).AddColumn("product").AddColumn("round").AddColumn("status");
            foreach (var name in new[] { "waves", "waiting", "alerted", "sent", "clicked", "purchased", "revenue" })
            {
                table.AddColumn(new TableColumn(name).RightAligned());
            }

            foreach (var (_, r) in group)
            {
                table.AddRow(Markup.Escape($"{r.ProductId} ({r.Title})"), r.RoundId?.ToString() ?? "-", r.RoundStatus ?? "-",
                    r.Waves.ToString("N0", c), r.Waiting.ToString("N0", c), r.Alerted.ToString("N0", c), r.Sent.ToString("N0", c),
                    r.Clicked.ToString("N0", c), r.Purchased.ToString("N0", c), r.Revenue.ToString("N2", c));
            }

            AnsiConsole.Write(table);
        }
    }
}
