using System.Globalization;
using System.Text.RegularExpressions;

namespace Fairdrop.Scenarios.Gate;

/// <summary>What one <c>wrk --latency</c> run reported: requests per second, p99 latency, answers that were not 2xx/3xx, socket errors.</summary>
internal sealed partial record WrkResult(double RequestsPerSecond, double P99Milliseconds, long Requests, long Non2xx, long SocketErrors)
{
    /// <summary>
    /// CPU the benchmark's process (both proxies and the upstream) spent per request during the run: unlike requests per
    /// second, it hardly moves when other processes take the machine's cores.
    /// </summary>
    public double CpuMicrosecondsPerRequest { get; init; }

    public static WrkResult Parse(string output)
    {
        var rps = RequestsPerSecondLine().Match(output);
        var p99 = P99Line().Match(output);
        if (!rps.Success || !p99.Success)
        {
            throw new InvalidOperationException("Unexpected wrk output:\n" + output);
        }

        var requests = RequestsLine().Match(output);
        var non2xx = Non2xxLine().Match(output);
        var errors = SocketErrorsLine().Match(output);
        long errorCount = 0;
        if (errors.Success)
        {
            foreach (Capture count in errors.Groups["n"].Captures)
            {
                errorCount += long.Parse(count.Value, CultureInfo.InvariantCulture);
            }
        }

        return new WrkResult(
            double.Parse(rps.Groups["v"].Value, CultureInfo.InvariantCulture),
            Milliseconds(double.Parse(p99.Groups["v"].Value, CultureInfo.InvariantCulture), p99.Groups["u"].Value),
            requests.Success ? long.Parse(requests.Groups["v"].Value, CultureInfo.InvariantCulture) : 0,
            non2xx.Success ? long.Parse(non2xx.Groups["v"].Value, CultureInfo.InvariantCulture) : 0,
            errorCount);
    }

    private static double Milliseconds(double value, string unit) => unit switch
    {
        "us" => value / 1000,
        "ms" => value,
        "s" => value * 1000,
        "m" => value * 60_000,
        _ => throw new InvalidOperationException($"Unknown wrk latency unit '{unit}'."),
    };

    [GeneratedRegex(@"Requests/sec:\s+(?<v>[0-9.]+)")]
    private static partial Regex RequestsPerSecondLine();

    [GeneratedRegex(@"^\s*99%\s+(?<v>[0-9.]+)(?<u>us|ms|s|m)\s*$", RegexOptions.Multiline)]
    private static partial Regex P99Line();

    [GeneratedRegex(@"(?<v>[0-9]+) requests in")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(?<v>[0-9]+)")]
    private static partial Regex Non2xxLine();

    [GeneratedRegex(@"Socket errors:(?:\s+\w+\s+(?<n>[0-9]+),?)+")]
    private static partial Regex SocketErrorsLine();
}
