using System.Diagnostics;
using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Engine;
using Fairdrop.Testing;

namespace Fairdrop.Scenarios.Gate;

/// <summary>
/// <c>bench gate --breakdown</c>: where a decision's time goes, over the same requests after the
/// measured run: the whole gate again, the engine with a store that knows nothing (rules, guards,
/// metrics), then the memory store alone recording each request, then the store answering every
/// query as well. Each is timed in stretches of <see cref="Stretch"/> decisions and reported as the
/// median and the best stretch: on a shared machine the best stretch is the one least disturbed by
/// other processes, so it is what an A/B comparison of two builds should compare.
/// </summary>
internal static class GateBenchBreakdown
{
    private const int Stretch = 100_000;

    public static void Report(GateEngine gate, RuleSetHolder holder, GateMetrics metrics, StepClock clock, MemoryActivityStore store, GateRequest[] requests, int decisions, Action<string> progress)
    {
        var queries = holder.Current.Queries;
        var rulesAlone = new GateEngine(holder, new GateBenchNullStore(), clock, metrics);
        var wanted = new bool[queries.Count];
        var everything = new bool[queries.Count];
        Array.Fill(everything, true);
        progress($"breakdown: whole decision: {Measure(decisions, (start, n) => GateBenchmark.RunGate(gate, clock, requests, n, start))}");
        progress($"breakdown: rules alone (no activity known): {Measure(decisions, (start, n) => GateBenchmark.RunGate(rulesAlone, clock, requests, n, start))}");
        progress($"breakdown: memory store alone, recording only: {Measure(decisions, (start, n) => StoreAlone(store, clock, requests, start, n, holder.Current, wanted))}");
        progress($"breakdown: memory store alone, recording and answering all {queries.Count} queries: {Measure(decisions, (start, n) => StoreAlone(store, clock, requests, start, n, holder.Current, everything))}");
    }

    /// <summary>Runs <paramref name="decisions"/> in stretches; the median and best ns/decision, and the process's CPU time per decision (wall time also counts waiting for a core).</summary>
    private static string Measure(int decisions, Action<int, int> run)
    {
        var stretches = new List<double>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var done = 0; done < decisions; done += Stretch)
        {
            var n = Math.Min(Stretch, decisions - done);
            var watch = Stopwatch.StartNew();
            run(done, n);
            stretches.Add(watch.Elapsed.TotalNanoseconds / n);
        }

        var spent = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalNanoseconds / decisions;
        stretches.Sort();
        return $"median {stretches[stretches.Count / 2]:N0} ns/decision, best {stretches[0]:N0} (process CPU {spent:N0} ns)";
    }

    private static void StoreAlone(MemoryActivityStore store, StepClock clock, GateRequest[] requests, int start, int decisions, RuleSet rules, bool[] wanted)
    {
        var results = new long[rules.Queries.Count];
        var feed = new GateBenchFeed(requests, start);
        for (var i = 0; i < decisions; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            var request = feed.Next();
            store.Prefetch(request.Identities); // as the engine does before its guards
            var pending = store.ObserveAsync(request.Identities, request.ActionId, clock.GetUtcNow().ToUnixTimeMilliseconds(), rules.Queries, wanted, results, rules.Interest, CancellationToken.None);
            if (!pending.IsCompletedSuccessfully)
            {
                pending.AsTask().GetAwaiter().GetResult();
            }
        }
    }
}
