using System.CommandLine;
using System.Globalization;
using Fairdrop.Bench;

namespace Fairdrop.Cli.Restock;

/// <summary><c>fairdrop bench restock</c>: the whole restock path against the storage floor.</summary>
internal static class RestockBenchCommand
{
    public static Command Create()
    {
        var storage = new StorageArguments();
        var subscribers = new Option<int>("--subscribers") { Description = "Waiting shoppers.", DefaultValueFactory = _ => 1_000_000 };
        var units = new Option<long>("--units") { Description = "Units restocked.", DefaultValueFactory = _ => 300_000 };
        var command = new Command("restock", "From a restock message to every due alert written as an exchange delivery, versus a prepared insert loop.");
        command.Options.Add(subscribers);
        command.Options.Add(units);
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = new Dictionary<string, string?>(storage.ToSettings(parseResult))
            {
                ["Fairdrop:Exchange:RunWorkers"] = "false",
                ["Fairdrop:Batch:RunWorkers"] = "false",
                ["Fairdrop:Restock:WaveInterval"] = "00:00:00",
            };
            using var scratch = ScratchStorage.For(settings);
            await using var services = await CommandServices.CreateMigratedAsync(settings, cancellationToken);
            var result = await RestockBenchmark.RunAsync(services, parseResult.GetValue(subscribers), parseResult.GetValue(units),
                step => Console.Error.WriteLine($"bench restock: {step}"), cancellationToken);
            var f = CultureInfo.InvariantCulture;
            BenchReport.Print($"restock: {result.Subscribers:N0} waiting, {result.Units:N0} units on {result.Provider}",
            [
                ("alerts (deliveries)", $"{result.Alerts:N0} ({result.Deliveries:N0})"),
                ("restock path alerts/s", result.AlertsPerSecond.ToString("N0", f)),
                ("floor (prepared loop) rows/s", result.FloorRowsPerSecond.ToString("N0", f)),
                ("ratio", result.Ratio.ToString("0.00", f)),
                ("peak RSS MB", result.PeakRssMb.ToString("N0", f)),
            ],
            new
            {
                scenario = "restock",
                provider = result.Provider,
                alerts = result.Alerts,
                alerts_per_s = Math.Round(result.AlertsPerSecond),
                floor_rows_per_s = Math.Round(result.FloorRowsPerSecond),
                ratio = Math.Round(result.Ratio, 3),
                peak_rss_mb = Math.Round(result.PeakRssMb),
            });
            return result.Alerts == result.Deliveries ? 0 : 1;
        });
        return command;
    }
}
