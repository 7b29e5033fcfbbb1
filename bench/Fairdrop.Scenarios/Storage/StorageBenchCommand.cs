using System.CommandLine;
using System.Globalization;
using Fairdrop.Cli;
using Fairdrop.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Scenarios.Storage;

/// <summary><c>fairdrop-bench storage</c>: the storage layer's bulk insert against a hand-written prepared-statement loop.</summary>
internal static class StorageBenchCommand
{
    public static Command Create()
    {
        var storage = new StorageArguments();
        var rows = new Option<int>("--rows") { Description = "Rows each side inserts.", DefaultValueFactory = _ => 1_000_000 };
        var command = new Command("storage", "Insert small rows through the storage layer versus a hand-written prepared-statement loop in one transaction.");
        command.Options.Add(rows);
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = storage.ToSettings(parseResult);
            using var scratch = ScratchStorage.For(settings);

            await using var services = CommandServices.Create(settings);
            var bench = new StorageBenchmark(services.GetRequiredService<DbConnectionFactory>(), services.GetRequiredService<BulkWriter>());
            var count = parseResult.GetValue(rows);
            var result = await bench.RunAsync(count, step => Console.Error.WriteLine($"bench storage: {step}"), cancellationToken);
            var f = CultureInfo.InvariantCulture;
            BenchReport.Print($"storage: {result.Rows:N0} rows on {result.Database}",
            [
                ("baseline (prepared loop) rows/s", result.BaselineRowsPerSecond.ToString("N0", f)),
                ("storage layer (BulkWriter) rows/s", result.LayerRowsPerSecond.ToString("N0", f)),
                ("ratio (layer / baseline)", result.Ratio.ToString("0.00", f)),
                ("rows written (layer / baseline)", $"{result.Counts.Layer:N0} / {result.Counts.Baseline:N0}"),
            ],
            new
            {
                scenario = "storage",
                database = result.Database,
                rows = result.Rows,
                baseline_rows_per_sec = Math.Round(result.BaselineRowsPerSecond),
                layer_rows_per_sec = Math.Round(result.LayerRowsPerSecond),
                ratio = Math.Round(result.Ratio, 3),
            });
            return result.Counts.Layer == count && result.Counts.Baseline == count ? 0 : 1;
        });
        return command;
    }
}
