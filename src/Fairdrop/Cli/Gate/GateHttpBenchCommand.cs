using System.Globalization;
using Fairdrop.Bench;

namespace Fairdrop.Cli.Gate;

/// <summary>The <c>--http</c> side of <c>fairdrop bench gate</c>: finds wrk, runs both proxies, prints the table and the JSON line.</summary>
internal static class GateHttpBenchCommand
{
    public static async Task<int> RunAsync(GateHttpSettings settings, CancellationToken cancellationToken)
    {
        if (GateHttpBenchmark.FindWrk() is not { } wrk)
        {
            await Console.Error.WriteLineAsync("fairdrop bench gate --http needs wrk on the PATH; install it with: apt-get install -y wrk (Debian/Ubuntu) or brew install wrk (macOS).");
            return 2;
        }

        var result = await GateHttpBenchmark.RunAsync(wrk, settings, step => Console.Error.WriteLine($"bench gate --http: {step}"), cancellationToken);
        var f = CultureInfo.InvariantCulture;
        BenchReport.Print($"gate --http: wrk -t{settings.Threads} -c{settings.Connections} -d{settings.Seconds}s --latency, best of {settings.Rounds} rounds",
        [
            ("plain YARP proxy requests/s", result.Plain.RequestsPerSecond.ToString("N0", f)),
            ("fairdrop proxy (20 rules) requests/s", result.Gate.RequestsPerSecond.ToString("N0", f)),
            ("ratio (gate / plain)", result.Ratio.ToString("0.00", f)),
            ("plain p99 latency ms", result.Plain.P99Milliseconds.ToString("0.00", f)),
            ("gate p99 latency ms", result.Gate.P99Milliseconds.ToString("0.00", f)),
            ("added p99 latency ms", result.AddedP99Milliseconds.ToString("0.00", f)),
            ("gate answers not 2xx/3xx (blocked, challenged)", $"{result.Gate.Non2xx:N0} of {result.Gate.Requests:N0}"),
            ("socket errors plain / gate", $"{result.Plain.SocketErrors:N0} / {result.Gate.SocketErrors:N0}"),
        ],
        new
        {
            scenario = "gate-http",
            connections = settings.Connections,
            seconds = settings.Seconds,
            plain_requests_per_sec = Math.Round(result.Plain.RequestsPerSecond),
            gate_requests_per_sec = Math.Round(result.Gate.RequestsPerSecond),
            plain_p99_ms = Math.Round(result.Plain.P99Milliseconds, 3),
            gate_p99_ms = Math.Round(result.Gate.P99Milliseconds, 3),
            added_p99_ms = Math.Round(result.AddedP99Milliseconds, 3),
            gate_non_2xx = result.Gate.Non2xx,
            gate_requests = result.Gate.Requests,
            ratio = Math.Round(result.Ratio, 3),
        });
        return 0;
    }
}
