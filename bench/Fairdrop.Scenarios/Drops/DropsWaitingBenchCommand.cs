using System.CommandLine;
using System.Globalization;
using Fairdrop.Cli;

namespace Fairdrop.Scenarios.Drops;

/// <summary><c>fairdrop-bench drops-waiting</c>: what a crowd waiting for its turn by long poll costs one server.</summary>
internal static class DropsWaitingBenchCommand
{
    public static Command Create()
    {
        var storage = new StorageArguments();
        var shoppers = new Option<int>("--shoppers") { Description = "Placed shoppers long-polling at once.", DefaultValueFactory = _ => 100_000 };
        var wait = new Option<int>("--wait") { Description = "Seconds each long poll asks to wait (?wait=, at most 60); shorter than --seconds, so that polls sent while measuring are answered in it.", DefaultValueFactory = _ => 30 };
        var seconds = new Option<int>("--seconds") { Description = "Seconds measured once every shopper is polling.", DefaultValueFactory = _ => 60 };
        var http2 = new Option<bool>("--http2") { Description = "Multiplex the polls over HTTP/2 (1,000 streams a connection) instead of a connection per shopper." };
        var command = new Command("drops-waiting", "Hold a placed crowd long-polling for its turn against one fairdrop serve process; report its CPU and memory.")
        {
            shoppers,
            wait,
            seconds,
            http2,
        };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = storage.ToSettings(parseResult);
            using var scratch = ScratchStorage.For(settings);
            var result = await DropsWaitingBenchmark.RunAsync(settings, parseResult.GetValue(shoppers), TimeSpan.FromSeconds(parseResult.GetValue(wait)),
                TimeSpan.FromSeconds(parseResult.GetValue(seconds)), parseResult.GetValue(http2), s => Console.Error.WriteLine($"bench drops-waiting: {s}"), cancellationToken);
            var f = CultureInfo.InvariantCulture;
            BenchReport.Print($"drops-waiting: {result.Shoppers:N0} shoppers long-polling (wait {result.Wait.TotalSeconds:0} s) over {(result.Http2 ? "HTTP/2, 1,000 to a connection" : "HTTP/1.1, a connection each")}",
            [
                ("answers per second (measured over)", $"{result.AnswersPerSecond.ToString("N0", f)} ({result.Measured.TotalSeconds:0} s)"),
                ("polls in flight at the end", result.InFlight.ToString("N0", f)),
                ("failed polls", result.Failures.ToString("N0", f)),
                ("server CPU (cores busy)", result.ServerCores.ToString("0.00", f)),
                ("server resident memory idle / with the crowd (MB)", $"{result.ResidentIdle / 1048576.0:0} / {result.ResidentWithCrowd / 1048576.0:0}"),
                ("memory per waiting shopper (KB)", (result.BytesPerShopper / 1024).ToString("0.0", f)),
                ("answer after the wait, p50 / p99 (ms)", $"{result.LatenessP50Ms:N0} / {result.LatenessP99Ms:N0}"),
            ],
            new
            {
                scenario = "drops-waiting",
                shoppers = result.Shoppers,
                http2 = result.Http2,
                wait_s = result.Wait.TotalSeconds,
                answers_per_s = Math.Round(result.AnswersPerSecond),
                in_flight = result.InFlight,
                failures = result.Failures,
                server_cores = Math.Round(result.ServerCores, 3),
                resident_idle_bytes = result.ResidentIdle,
                resident_crowd_bytes = result.ResidentWithCrowd,
                bytes_per_shopper = Math.Round(result.BytesPerShopper),
                lateness_p50_ms = Math.Round(result.LatenessP50Ms),
                lateness_p99_ms = Math.Round(result.LatenessP99Ms),
            });
            return result.Failures == 0 ? 0 : 1;
        });
        return command;
    }
}
