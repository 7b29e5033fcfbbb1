using System.Diagnostics;
using System.Globalization;
using Fairdrop.Cli.Gate;
using Fairdrop.Gate.Hosting;
using Fairdrop.Testing.Gate;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Scenarios.Gate;

/// <summary>
/// <c>fairdrop-bench gate --http</c>: wrk through <c>fairdrop proxy</c> with the 20 bench rules versus
/// a plain YARP proxy (the same forwarder, client and Kestrel settings, no gate), both in this
/// process, logging off, in front of one loopback Kestrel upstream; rounds alternate, best of each side: first flat
/// out (requests per second), then both paced at the same offered rate (the latency the gate adds).
/// </summary>
internal static class GateHttpBenchmark
{
    public static string? FindWrk() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "wrk"))
            .FirstOrDefault(File.Exists);

    public static async Task<GateHttpResult> RunAsync(string wrk, GateHttpSettings run, Action<string> progress, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("fairdrop-bench-http-").FullName;
        try
        {
            var script = Path.Combine(folder, "shoppers.lua");
            var rules = Path.Combine(folder, "bench.gate");
            await File.WriteAllTextAsync(script, GateHttpScript.Lua, cancellationToken);
            await File.WriteAllTextAsync(rules, GateBenchRules.Text, cancellationToken);

            await using var upstream = BuildUpstream();
            await upstream.StartAsync(cancellationToken);
            var upstreamUri = new Uri(Address(upstream));

            await using var plain = BuildPlainProxy(upstreamUri);
            await plain.StartAsync(cancellationToken);

            var settings = new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["Fairdrop:Gate:RulesPath"] = rules,
                ["Fairdrop:Gate:TrustedProxies:0"] = "127.0.0.1",
                ["Logging:LogLevel:Default"] = "None",
            };
            using var storage = ScratchStorage.For(settings);
            await using var gate = ProxyCommand.Build(upstreamUri, settings);
            await gate.StartAsync(cancellationToken);

            var targets = new[] { ("plain", Address(plain)), ("gate", Address(gate)) };
            foreach (var (name, address) in targets)
            {
                progress($"warming up {name} proxy ({run.WarmUpSeconds}s)");
                await RunWrkAsync(wrk, run.Threads, run.Connections, run.WarmUpSeconds, script, address, cancellationToken);
            }

            var best = await RoundsAsync(wrk, run, run.Connections, script, targets, keep: (next, kept) => next.RequestsPerSecond > kept.RequestsPerSecond, progress, cancellationToken);
            PacedLatency? paced = null;
            if (run.LatencyLoad > 0)
            {
                // Latency is compared at one offered rate, below saturation: flat out, a closed loop's latency is its
                // connections divided by its throughput, so the slower side's p99 would grow by queueing alone.
                var offered = best["plain"].RequestsPerSecond * run.LatencyLoad;
                var connections = Math.Max(run.Threads, (int)Math.Round(offered * GateHttpSettings.PauseMilliseconds / 1000));
                var pacedScript = Path.Combine(folder, "paced.lua");
                await File.WriteAllTextAsync(pacedScript, GateHttpScript.Paced(GateHttpSettings.PauseMilliseconds), cancellationToken);
                progress($"paced: both proxies at ~{offered:N0} requests/s ({run.LatencyLoad:P0} of plain's best), {connections} connections pausing {GateHttpSettings.PauseMilliseconds} ms");
                var lowest = await RoundsAsync(wrk, run, connections, pacedScript, targets, keep: (next, kept) => next.P99Milliseconds < kept.P99Milliseconds, progress, cancellationToken);
                paced = new PacedLatency(offered, connections, lowest["plain"], lowest["gate"]);
            }

            return new GateHttpResult(run, best["plain"], best["gate"], paced);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Rounds alternating the targets; per target, the round <paramref name="keep"/> prefers over the one kept so far.</summary>
    private static async Task<Dictionary<string, WrkResult>> RoundsAsync(
        string wrk, GateHttpSettings run, int connections, string script, (string Name, string Address)[] targets,
        Func<WrkResult, WrkResult, bool> keep, Action<string> progress, CancellationToken cancellationToken)
    {
        var kept = new Dictionary<string, WrkResult>();
        for (var round = 1; round <= run.Rounds; round++)
        {
            foreach (var (name, address) in targets)
            {
                progress($"round {round}/{run.Rounds}: {name} proxy, {run.Seconds}s, {connections} connections");
                var result = await RunWrkAsync(wrk, run.Threads, connections, run.Seconds, script, address, cancellationToken);
                progress($"  {result.RequestsPerSecond:N0} requests/s, p99 {result.P99Milliseconds:0.00} ms, non-2xx {result.Non2xx:N0}, process CPU {result.CpuMicrosecondsPerRequest:0.0} µs/request");
                if (!kept.TryGetValue(name, out var previous) || keep(result, previous))
                {
                    kept[name] = result;
                }
            }
        }

        return kept;
    }

    private static WebApplication BuildUpstream()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync("ok", context.RequestAborted));
        return app;
    }

    /// <summary>What <see cref="ProxyCommand.Build"/> makes, minus the gate: same Kestrel, forwarder and client.</summary>
    private static WebApplication BuildPlainProxy(Uri upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Logging.ClearProviders();
        builder.Services.AddFairdropGateProxy();
        var app = builder.Build();
        app.MapFairdropGateProxy(upstream);
        return app;
    }

    private static async Task<WrkResult> RunWrkAsync(string wrk, int threads, int connections, int seconds, string script, string address, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(wrk)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--latency", "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", seconds.ToString(CultureInfo.InvariantCulture) + "s", "-s", script, address })
        {
            start.ArgumentList.Add(argument);
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start wrk.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {await errors}");
        }

        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var result = WrkResult.Parse(await output);
        return result with { CpuMicrosecondsPerRequest = result.Requests > 0 ? used.TotalMicroseconds / result.Requests : 0 };
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
}
