using System.CommandLine;
using System.Globalization;
using Fairdrop.Cli;

namespace Fairdrop.Scenarios.ConsolePages;

/// <summary><c>fairdrop-bench console</c>: each page's server time against the JSON API calls that read the same data.</summary>
internal static class ConsoleBenchCommand
{
    public static Command Create()
    {
        var storage = new StorageArguments();
        var subscriptions = new Option<int>("--subscriptions") { Description = "Waitlist subscriptions, over 100 products.", DefaultValueFactory = _ => 1_000_000 };
        var entries = new Option<int>("--entries") { Description = "Entries of the one drop.", DefaultValueFactory = _ => 10_000 };
        var decisions = new Option<int>("--decisions") { Description = "Recorded gate decisions.", DefaultValueFactory = _ => 1_000_000 };
        var rounds = new Option<int>("--rounds") { Description = "Requests per page (and per API set), alternating.", DefaultValueFactory = _ => 50 };
        var command = new Command("console", "Server time of each console page against the JSON API calls that read the same data, on one seeded shop.")
        {
            subscriptions,
            entries,
            decisions,
            rounds,
        };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = storage.ToSettings(parseResult);
            using var scratch = ScratchStorage.For(settings);
            settings["Fairdrop:Batch:RunWorkers"] = "false";
            settings["Fairdrop:Exchange:RunWorkers"] = "false";
            void Progress(string s) => Console.Error.WriteLine($"bench console: {s}");
            (Guid Merchant, string Key, Guid Drop) seeded;
            await using (var services = await CommandServices.CreateMigratedAsync(settings, cancellationToken))
            {
                seeded = await ConsoleBenchSeed.SeedAsync(services, parseResult.GetValue(subscriptions), parseResult.GetValue(entries), parseResult.GetValue(decisions), Progress, cancellationToken);
            }

            settings["Fairdrop:Gate:MerchantId"] = seeded.Merchant.ToString();
            var timings = await ConsoleBenchmark.RunAsync(settings, seeded.Key, seeded.Drop, parseResult.GetValue(rounds), Progress, cancellationToken);
            var f = CultureInfo.InvariantCulture;
            var worst = timings.Min(t => t.Ratio);
            BenchReport.Print(
                $"console: {parseResult.GetValue(subscriptions):N0} subscriptions, {parseResult.GetValue(entries):N0} drop entries, {parseResult.GetValue(decisions):N0} gate decisions",
                [.. timings.Select(t => ($"{t.Page}: page p50 / p95 ms · API p50 ms · ratio", $"{t.PageP50.ToString("0.0", f)} / {t.PageP95.ToString("0.0", f)} · {t.ApiP50.ToString("0.0", f)} · {t.Ratio.ToString("0.00", f)}")),
                 ("lowest ratio (page rate / API rate)", worst.ToString("0.00", f))],
                new
                {
                    scenario = "console",
                    subscriptions = parseResult.GetValue(subscriptions),
                    entries = parseResult.GetValue(entries),
                    decisions = parseResult.GetValue(decisions),
                    pages = timings.Select(t => new { page = t.Page, page_p50_ms = Math.Round(t.PageP50, 2), page_p95_ms = Math.Round(t.PageP95, 2), api_p50_ms = Math.Round(t.ApiP50, 2), ratio = Math.Round(t.Ratio, 3) }),
                    ratio = Math.Round(worst, 3),
                });
            return 0;
        });
        return command;
    }
}
