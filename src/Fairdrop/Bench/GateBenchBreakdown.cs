using System.Diagnostics;
using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Engine;

namespace Fairdrop.Bench;

/// <summary>
/// <c>bench gate --breakdown</c>: where a decision's time goes, over the same requests after the
/// measured run: the engine with a store that knows nothing (rules, guards, metrics), then the
/// memory store alone recording each request, then the store answering every query as well.
/// </summary>
internal static class GateBenchBreakdown
{
    public static void Report(RuleSetHolder holder, GateMetrics metrics, GateBenchClock clock, MemoryActivityStore store, GateRequest[] requests, int decisions, Action<string> progress)
    {
        var rulesAlone = new GateEngine(holder, new GateBenchNullStore(), clock, metrics);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (seconds, _, _) = GateBenchmark.RunGate(rulesAlone, clock, requests, decisions);
        progress($"breakdown: rules alone (no activity known): {seconds * 1e9 / decisions:N0} ns/decision{CpuSince(cpu, decisions)}");
        var queries = holder.Current.Queries;
        var wanted = new bool[queries.Count];
        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        progress($"breakdown: memory store alone, recording only: {StoreAlone(store, clock, requests, decisions, queries, wanted):N0} ns/decision{CpuSince(cpu, decisions)}");
        Array.Fill(wanted, true);
        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        progress($"breakdown: memory store alone, recording and answering all {queries.Count} queries: {StoreAlone(store, clock, requests, decisions, queries, wanted):N0} ns/decision{CpuSince(cpu, decisions)}");
    }

    /// <summary>The process's CPU time per decision: on a busy machine, wall time also counts the time this thread waited for a core.</summary>
    private static string CpuSince(TimeSpan start, int decisions) =>
        $" (process CPU {(Process.GetCurrentProcess().TotalProcessorTime - start).TotalNanoseconds / decisions:N0} ns)";

    private static double StoreAlone(MemoryActivityStore store, GateBenchClock clock, GateRequest[] requests, int decisions, IReadOnlyList<ActivityQuery> queries, bool[] wanted)
    {
        var results = new long[queries.Count];
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < decisions; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            var request = requests[i % requests.Length];
            var pending = store.ObserveAsync(request.Identities, request.ActionId, clock.GetUtcNow().ToUnixTimeMilliseconds(), queries, wanted, results, CancellationToken.None);
            if (!pending.IsCompletedSuccessfully)
            {
                pending.AsTask().GetAwaiter().GetResult();
            }
        }

        return watch.Elapsed.TotalNanoseconds / decisions;
    }
}
