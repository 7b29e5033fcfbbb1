using System.Globalization;

namespace Fairdrop.Scenarios.Gate;

/// <summary>The <c>--http</c> side of <c>fairdrop-bench gate</c>: finds wrk, runs both proxies, prints the table and the JSON line.</summary>
internal static class GateHttpBenchCommand
{
    public static async Task<int> RunAsync(GateHttpSettings settings, CancellationToken cancellationToken)
    {
        if (GateHttpBenchmark.FindWrk() is not { } wrk)
        {
            await Console.Error.WriteLineAsync("fairdrop-bench gate --http needs wrk on the PATH; install it with: apt-get install -y wrk (Debian/Ubuntu) or brew install wrk (macOS).");
            return 2;
        }

        var result = await GateHttpBenchmark.RunAsync(wrk, settings, step => Console.Error.WriteLine($"bench gate --http: {step}"), cancellationToken);
        var f = CultureInfo.InvariantCulture;
        var paced = result.Paced;
        var rows = new List<(string, string)>
        {
            ("plain YARP proxy requests/s (flat out)", result.Plain.RequestsPerSecond.ToString("N0", f)),
            ("fairdrop proxy (20 rules) requests/s (flat out)", result.Gate.RequestsPerSecond.ToString("N0", f)),
            ("ratio (gate / plain)", result.Ratio.ToString("0.00", f)),
            ("flat out process CPU µs/request plain / gate", $"{result.Plain.CpuMicrosecondsPerRequest.ToString("0.0", f)} / {result.Gate.CpuMicrosecondsPerRequest.ToString("0.0", f)}"),
            ("flat out p99 ms plain / gate (queueing)", $"{result.Plain.P99Milliseconds.ToString("0.00", f)} / {result.Gate.P99Milliseconds.ToString("0.00", f)}"),
        };
        if (paced is not null)
        {
            rows.Add(("paced: offered requests/s, connections", $"{paced.OfferedPerSecond.ToString("N0", f)}, {paced.Connections}"));
            rows.Add(("paced: achieved requests/s plain / gate", $"{paced.Plain.RequestsPerSecond.ToString("N0", f)} / {paced.Gate.RequestsPerSecond.ToString("N0", f)}"));
            rows.Add(("paced: p99 latency ms plain / gate", $"{paced.Plain.P99Milliseconds.ToString("0.00", f)} / {paced.Gate.P99Milliseconds.ToString("0.00", f)}"));
            rows.Add(("paced: process CPU µs/request plain / gate", $"{paced.Plain.CpuMicrosecondsPerRequest.ToString("0.0", f)} / {paced.Gate.CpuMicrosecondsPerRequest.ToString("0.0", f)}"));
            rows.Add(("added p99 latency ms (paced)", paced.AddedP99Milliseconds.ToString("0.00", f)));
        }

        rows.Add(("gate answers not 2xx/3xx (blocked, challenged)", $"{result.Gate.Non2xx:N0} of {result.Gate.Requests:N0}"));
        rows.Add(("socket errors plain / gate", $"{result.Plain.SocketErrors:N0} / {result.Gate.SocketErrors:N0}"));
        BenchReport.Print($"gate --http: wrk -t{settings.Threads} -c{settings.Connections} -d{settings.Seconds}s --latency, best of {settings.Rounds} rounds", rows,
        new
        {
            scenario = "gate-http",
            connections = settings.Connections,
            seconds = settings.Seconds,
            plain_requests_per_sec = Math.Round(result.Plain.RequestsPerSecond),
            gate_requests_per_sec = Math.Round(result.Gate.RequestsPerSecond),
            saturated_plain_p99_ms = Math.Round(result.Plain.P99Milliseconds, 3),
            saturated_gate_p99_ms = Math.Round(result.Gate.P99Milliseconds, 3),
            paced_requests_per_sec = paced is null ? (double?)null : Math.Round(paced.OfferedPerSecond),
            plain_p99_ms = paced is null ? (double?)null : Math.Round(paced.Plain.P99Milliseconds, 3),
            gate_p99_ms = paced is null ? (double?)null : Math.Round(paced.Gate.P99Milliseconds, 3),
            added_p99_ms = paced is null ? (double?)null : Math.Round(paced.AddedP99Milliseconds, 3),
            plain_cpu_us_per_request = Math.Round(result.Plain.CpuMicrosecondsPerRequest, 1),
            gate_cpu_us_per_request = Math.Round(result.Gate.CpuMicrosecondsPerRequest, 1),
            gate_non_2xx = result.Gate.Non2xx,
            gate_requests = result.Gate.Requests,
            ratio = Math.Round(result.Ratio, 3),
        });
        return 0;
    }
}
