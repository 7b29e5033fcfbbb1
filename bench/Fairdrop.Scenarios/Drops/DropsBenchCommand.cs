using System.CommandLine;
using System.Globalization;
using Fairdrop.Cli;

namespace Fairdrop.Scenarios.Drops;

/// <summary><c>fairdrop-bench drops</c>: entries per second through the drop endpoint against a plain recording endpoint.</summary>
internal static class DropsBenchCommand
{
    public static Command Create()
    {
        var storage = new StorageArguments();
        var entries = new Option<int>("--entries") { Description = "Shoppers entering the drop (and the baseline).", DefaultValueFactory = _ => 100_000 };
        var units = new Option<int>("--units") { Description = "Units on sale.", DefaultValueFactory = _ => 500 };
        var command = new Command("drops", "Enter a crowd into a drop over loopback HTTP versus a baseline endpoint that only records entries; place; sell out.")
        {
            entries,
            units,
        };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = storage.ToSettings(parseResult);
            using var scratch = ScratchStorage.For(settings);

            settings["Fairdrop:Batch:RunWorkers"] = "false";
            settings["Fairdrop:Exchange:RunWorkers"] = "false";
            var result = await new DropsBenchmark(settings).RunAsync(parseResult.GetValue(entries), parseResult.GetValue(units), s => Console.Error.WriteLine($"bench drops: {s}"), cancellationToken);
            var f = CultureInfo.InvariantCulture;
            BenchReport.Print($"drops: {result.Entries:N0} entries, {result.Units:N0} units on {result.Database}",
            [
                ("baseline (record only) entries/s", result.BaselineEntriesPerSecond.ToString("N0", f)),
                ("fairdrop drop entries/s", result.EntriesPerSecond.ToString("N0", f)),
                ("ratio (fairdrop / baseline)", result.Ratio.ToString("0.00", f)),
                ("time to place the pre-queue (ms)", result.PlaceMilliseconds.ToString("N0", f)),
                ("units sold / oversold", $"{result.UnitsSold:N0} / {result.Oversold}"),
                ("Kendall tau arrival vs place", result.KendallTau.ToString("0.000", f)),
            ],
            new
            {
                scenario = "drops",
                provider = result.Database,
                entries = result.Entries,
                units = result.Units,
                entries_per_s = Math.Round(result.EntriesPerSecond),
                baseline_entries_per_s = Math.Round(result.BaselineEntriesPerSecond),
                ratio = Math.Round(result.Ratio, 3),
                place_ms = Math.Round(result.PlaceMilliseconds),
                units_sold = result.UnitsSold,
                oversold = result.Oversold,
                kendall_tau = result.KendallTau,
            });
            return result.Oversold == 0 ? 0 : 1;
        });
        return command;
    }
}
