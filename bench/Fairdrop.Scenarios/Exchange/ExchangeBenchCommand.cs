using System.CommandLine;
using System.Globalization;
using Fairdrop.Cli;

namespace Fairdrop.Scenarios.Exchange;

/// <summary>
/// <c>fairdrop-bench exchange</c>: matching against an in-memory audience (matcher vs a plain LINQ baseline, same
/// run, one core), then the end-to-end path match → delivery rows → null channel on SQLite, or PostgreSQL with --postgres.
/// </summary>
internal static class ExchangeBenchCommand
{
    public static Command Create()
    {
        var storage = new StorageArguments();
        var recipients = new Option<int>("--recipients") { Description = "Recipients matched in memory.", DefaultValueFactory = _ => 1_000_000 };
        var delivered = new Option<int>("--delivered") { Description = "Recipients taken through the end-to-end path on the database.", DefaultValueFactory = _ => 20_000 };
        var inFlightBound = new Option<int>("--in-flight-bound")
        {
            Description = "Deliveries per channel handed over without a recorded outcome (docs/adr/0014); 0 turns the send ledger off, to compare.",
            DefaultValueFactory = _ => new Fairdrop.Exchange.ExchangeOptions().InFlightBound,
        };
        var command = new Command("exchange", "Matching a distribution against N recipients (vs a LINQ baseline), and match → deliveries → null channel on the database.")
        {
            recipients,
            delivered,
            inFlightBound,
        };
        var webPush = WebPushBenchmark.AddOptions(command);
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var count = parseResult.GetValue(recipients);
            var e2eCount = parseResult.GetValue(delivered);
            if (count < 1 || e2eCount < 1)
            {
                await Console.Error.WriteLineAsync("fairdrop-bench: --recipients and --delivered must be at least 1.");
                return 2;
            }

            if (parseResult.GetValue(webPush.Channel) == "webpush")
            {
                return WebPushBenchmark.Run(parseResult.GetValue(webPush.Messages));
            }

            Console.Error.WriteLine($"bench exchange: building {count:N0} recipient profiles");
            var request = ExchangeMatchingBenchmark.Request();
            var profiles = ExchangeMatchingBenchmark.Profiles(count);
            var warm = profiles[..Math.Min(20_000, count)];
            ExchangeMatchingBenchmark.RunMatcher(request, warm);
            ExchangeMatchingBenchmark.RunLinq(request, warm);
            Console.Error.WriteLine("bench exchange: matcher");
            var (matcherRate, decisions) = ExchangeMatchingBenchmark.RunMatcher(request, profiles);
            Console.Error.WriteLine("bench exchange: LINQ baseline");
            var (linqRate, baseline) = ExchangeMatchingBenchmark.RunLinq(request, profiles);
            var agree = decisions.Zip(baseline).Count(p => p.First == p.Second);
            var scheduled = decisions.Count(d => !d.IsDropped);

            var settings = new Dictionary<string, string?>(storage.ToSettings(parseResult))
            {
                ["Fairdrop:Exchange:InFlightBound"] = parseResult.GetValue(inFlightBound).ToString(CultureInfo.InvariantCulture),
            };
            using var scratch = ScratchStorage.For(settings);
            var (database, sent, deliveriesRate) = await ExchangeDeliveryBenchmark.RunAsync(settings, e2eCount, step => Console.Error.WriteLine($"bench exchange: {step}"), cancellationToken);

            var ratio = matcherRate / linqRate;
            var f = CultureInfo.InvariantCulture;
            BenchReport.Print($"exchange: {count:N0} recipients, sender with five rules",
            [
                ("baseline (LINQ) evaluations/s", linqRate.ToString("N0", f)),
                ("matcher evaluations/s (one core)", matcherRate.ToString("N0", f)),
                ("ratio (matcher / baseline)", ratio.ToString("0.00", f)),
                ("decisions agreeing with the baseline", $"{agree:N0} / {count:N0}"),
                ("scheduled / dropped", $"{scheduled:N0} / {count - scheduled:N0}"),
                ($"end to end on {database}: deliveries/s", deliveriesRate.ToString("N0", f)),
                ($"end to end on {database}: sent / recipients", $"{sent:N0} / {e2eCount:N0}"),
                ("in-flight bound (0: no send ledger)", parseResult.GetValue(inFlightBound).ToString(f)),
            ],
            new
            {
                scenario = "exchange",
                recipients = count,
                matcher_evaluations_per_s = Math.Round(matcherRate),
                baseline_evaluations_per_s = Math.Round(linqRate),
                ratio = Math.Round(ratio, 3),
                agree,
                database,
                e2e_recipients = e2eCount,
                e2e_sent = sent,
                e2e_deliveries_per_s = Math.Round(deliveriesRate),
                in_flight_bound = parseResult.GetValue(inFlightBound),
            });
            return agree == count ? 0 : 1;
        });
        return command;
    }
}
