using System.CommandLine;
using System.Globalization;
using Fairdrop.Cli;

namespace Fairdrop.Scenarios.Batch;

/// <summary><c>fairdrop-bench batch</c>: the batch framework's throughput against a hand-written insert loop.</summary>
internal static class BatchBenchCommand
{
    public static Command Create()
    {
        var storage = new StorageArguments();
        var items = new Option<int>("--items") { Description = "Items each side writes.", DefaultValueFactory = _ => 1_000_000 };
        var command = new Command("batch", "Items through a chunked batch step versus a single-transaction prepared-statement insert loop.");
        command.Options.Add(items);
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var count = parseResult.GetValue(items);
            if (count < 1)
            {
                await Console.Error.WriteLineAsync("fairdrop-bench: --items must be at least 1.");
                return 2;
            }

            var settings = storage.ToSettings(parseResult);
            using var scratch = ScratchStorage.For(settings);

            BatchBenchmarkResult result;
            await using (var bench = new BatchBenchmark(settings))
            {
                result = await bench.RunAsync(count, step => Console.Error.WriteLine($"bench batch: {step}"), cancellationToken);
            }

            var f = CultureInfo.InvariantCulture;
            BenchReport.Print($"batch: {result.Items:N0} items on {result.Provider}",
            [
                ("baseline (prepared loop, one transaction) items/s", result.BaselineItemsPerSecond.ToString("N0", f)),
                ("batch framework (chunked step) items/s", result.ItemsPerSecond.ToString("N0", f)),
                ("ratio (framework / baseline)", result.Ratio.ToString("0.00", f)),
                ("rows written (framework / baseline)", $"{result.Counts.Framework:N0} / {result.Counts.Baseline:N0}"),
            ],
            new
            {
                scenario = "batch",
                provider = result.Provider,
                items = result.Items,
                items_per_s = Math.Round(result.ItemsPerSecond),
                baseline_items_per_s = Math.Round(result.BaselineItemsPerSecond),
                ratio = Math.Round(result.Ratio, 3),
            });
            return result.Counts.Framework == count && result.Counts.Baseline == count && result.Written == count ? 0 : 1;
        });
        return command;
    }
}
