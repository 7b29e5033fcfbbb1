using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Fairdrop.Scenarios.ConsolePages;

/// <summary>
/// Each console page against the JSON API calls that read the same data, over loopback HTTP on one server: the page as a
/// signed-in owner, the API with the merchant's key, alternating request by request so both see the same machine.
/// </summary>
internal static partial class ConsoleBenchmark
{
    public static async Task<IReadOnlyList<PageTiming>> RunAsync(Dictionary<string, string?> settings, string apiKey, Guid drop, int rounds, Action<string> progress, CancellationToken cancellationToken)
    {
        var port = Fairdrop.Testing.FairdropProcess.FreePort();
        settings["urls"] = $"http://127.0.0.1:{port}";
        settings["Logging:LogLevel:Default"] = "Warning";
        await using var app = FairdropWebApp.Build([], settings);
        await app.StartAsync(cancellationToken);
        var baseUrl = new Uri(settings["urls"]!);
        using var console = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseUrl };
        using var api = new HttpClient { BaseAddress = baseUrl };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        await SignInAsync(console, cancellationToken);

        (string Name, string Page, string[] Api)[] pairs =
        [
            ("overview", "/console", ["/api/v1/restock/products?limit=1000", "/api/v1/restock/funnel", "/api/v1/drops?limit=100"]),
            ("restock", "/console/restock", ["/api/v1/restock/funnel", "/api/v1/restock/products?limit=200"]),
            ("drops", "/console/drops", ["/api/v1/drops?limit=100"]),
            ("drop", $"/console/drops/{drop}", [$"/api/v1/drops/{drop}", $"/api/v1/drops/{drop}/report"]),
            ("gate", "/console/gate", ["/api/v1/gate/rules", "/api/v1/gate/decisions?limit=1000"]),
            ("exchange", "/console/exchange", ["/api/v1/exchange/senders?limit=100", "/api/v1/exchange/recipients?limit=100", "/api/v1/exchange/distributions?limit=100"]),
        ];
        var results = new List<PageTiming>();
        foreach (var (name, page, calls) in pairs)
        {
            progress($"{name}: {rounds} × page and API, alternating");
            var pageTimes = new List<double>(rounds);
            var apiTimes = new List<double>(rounds);
            for (var i = -3; i < rounds; i++)
            {
                var pageTime = await TimeAsync(console, [page], cancellationToken);
                var apiTime = await TimeAsync(api, calls, cancellationToken);
                if (i >= 0)
                {
                    pageTimes.Add(pageTime);
                    apiTimes.Add(apiTime);
                }
            }

            results.Add(new PageTiming(name, Percentile(pageTimes, 0.5), Percentile(pageTimes, 0.95), Percentile(apiTimes, 0.5), Percentile(apiTimes, 0.95)));
        }

        await app.StopAsync(cancellationToken);
        return results;
    }

    private static async Task<double> TimeAsync(HttpClient client, string[] paths, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        foreach (var path in paths)
        {
            using var response = await client.GetAsync(path, cancellationToken);
            await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}");
            }
        }

        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task SignInAsync(HttpClient console, CancellationToken cancellationToken)
    {
        var form = await console.GetStringAsync("/console/sign-in", cancellationToken);
        var token = Token().Match(form).Groups[1].Value;
        using var response = await console.PostAsync("/console/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = ConsoleBenchSeed.OwnerEmail,
            ["Input.Password"] = ConsoleBenchSeed.OwnerPassword,
        }), cancellationToken);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in answered {(int)response.StatusCode}");
        }
    }

    private static double Percentile(List<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}

/// <summary>One page's server time against its API calls', in milliseconds; the ratio is the page's rate over the API's.</summary>
internal sealed record PageTiming(string Page, double PageP50, double PageP95, double ApiP50, double ApiP95)
{
    public double Ratio => ApiP50 / PageP50;
}
