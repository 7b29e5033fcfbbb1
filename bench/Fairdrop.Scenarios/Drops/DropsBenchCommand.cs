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
        var burst = new Option<double?>("--burst") { Description = "Spread the arrivals over this many seconds (open loop: a burst profile) instead of a crowd of 64 clients." };
        var nodes = new Option<int>("--nodes") { Description = "With --postgres: compare this many fairdrop serve nodes sharing the database against one (instead of the baseline run).", DefaultValueFactory = _ => 1 };
        var command = new Command("drops", "Enter a crowd into a drop over loopback HTTP versus a baseline endpoint that only records entries; place; sell out.")
        {
            entries,
            units,
            burst,
            nodes,
        };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = storage.ToSettings(parseResult);
            using var scratch = ScratchStorage.For(settings);

            if (parseResult.GetValue(nodes) > 1)
            {
                return await RunNodesAsync(settings, parseResult.GetValue(nodes), parseResult.GetValue(entries), parseResult.GetValue(burst), cancellationToken);
            }

            settings["Fairdrop:Batch:RunWorkers"] = "false";
            settings["Fairdrop:Exchange:RunWorkers"] = "false";
            var result = await new DropsBenchmark(settings, parseResult.GetValue(burst)).RunAsync(parseResult.GetValue(entries), parseResult.GetValue(units), s => Console.Error.WriteLine($"bench drops: {s}"), cancellationToken);
            var f = CultureInfo.InvariantCulture;
            BenchReport.Print($"drops: {result.Entries:N0} entries, {result.Units:N0} units on {result.Database}",
            [
                ("baseline (record only) entries/s", result.BaselineEntriesPerSecond.ToString("N0", f)),
                ("fairdrop drop entries/s", result.EntriesPerSecond.ToString("N0", f)),
                ("ratio (fairdrop / baseline)", result.Ratio.ToString("0.00", f)),
                (result.Burst is null ? "arrivals" : "arrivals spread over (s)", result.Burst?.ToString("0.#", f) ?? "64 clients, closed loop"),
                ("baseline entry latency p50 / p99 (ms)", $"{result.Latency.BaselineP50.TotalMilliseconds:N1} / {result.Latency.BaselineP99.TotalMilliseconds:N1}"),
                ("fairdrop entry latency p50 / p99 (ms)", $"{result.Latency.P50.TotalMilliseconds:N1} / {result.Latency.P99.TotalMilliseconds:N1}"),
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
                burst_s = result.Burst,
                baseline_p50_ms = Math.Round(result.Latency.BaselineP50.TotalMilliseconds, 1),
                baseline_p99_ms = Math.Round(result.Latency.BaselineP99.TotalMilliseconds, 1),
                p50_ms = Math.Round(result.Latency.P50.TotalMilliseconds, 1),
                p99_ms = Math.Round(result.Latency.P99.TotalMilliseconds, 1),
                place_ms = Math.Round(result.PlaceMilliseconds),
                units_sold = result.UnitsSold,
                oversold = result.Oversold,
                kendall_tau = result.KendallTau,
            });
            return result.Oversold == 0 ? 0 : 1;
        });
        return command;
    }

    private static async Task<int> RunNodesAsync(Dictionary<string, string?> settings, int nodes, int entries, double? burst, CancellationToken cancellationToken)
    {
        var result = await DropsNodesBenchmark.RunAsync(settings, nodes, entries, burst, s => Console.Error.WriteLine($"bench drops: {s}"), cancellationToken);
        var f = CultureInfo.InvariantCulture;
        BenchReport.Print($"drops: {result.Entries:N0} entries through 1 node, then {result.Nodes} nodes, on one PostgreSQL",
        [
            ("one node entries/s", result.OneNodePerSecond.ToString("N0", f)),
            ($"{result.Nodes} nodes entries/s", result.NodesPerSecond.ToString("N0", f)),
            ($"ratio ({result.Nodes} nodes / one)", result.Scaling.ToString("0.00", f)),
            ("entry latency p50 / p99, one node (ms)", $"{result.One.P50.TotalMilliseconds:N1} / {result.One.P99.TotalMilliseconds:N1}"),
            ($"entry latency p50 / p99, {result.Nodes} nodes (ms)", $"{result.Many.P50.TotalMilliseconds:N1} / {result.Many.P99.TotalMilliseconds:N1}"),
            ("cores busy, one node", result.Cores.One.ToString()),
            ($"cores busy, {result.Nodes} nodes", result.Cores.Many.ToString()),
            ("both drops placed exactly (places 1..n, once each)", result.PlacesExact ? "yes" : "NO"),
        ],
        new
        {
            scenario = "drops-nodes",
            nodes = result.Nodes,
            entries = result.Entries,
            burst_s = burst,
            one_node_entries_per_s = Math.Round(result.OneNodePerSecond),
            nodes_entries_per_s = Math.Round(result.NodesPerSecond),
            ratio = Math.Round(result.Scaling, 3),
            one_p99_ms = Math.Round(result.One.P99.TotalMilliseconds, 1),
            nodes_p99_ms = Math.Round(result.Many.P99.TotalMilliseconds, 1),
            one_node_cores = Math.Round(result.Cores.One.Nodes, 2),
            nodes_cores = Math.Round(result.Cores.Many.Nodes, 2),
            load_generator_cores = Math.Round(result.Cores.Many.LoadGenerator, 2),
            other_cores = Math.Round(result.Cores.Many.Rest, 2),
            places_exact = result.PlacesExact,
        });
        return result.PlacesExact ? 0 : 1;
    }
}
