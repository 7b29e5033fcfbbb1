using System.Diagnostics;
using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Engine;
using Fairdrop.Testing;

namespace Fairdrop.Scenarios.Gate;

/// <summary>
/// <c>bench gate --threads 2</c>: the same rules and one shared activity store judged from two threads at once, as two
/// Kestrel threads would. The requests are split by shopper (each thread its own shoppers, so each identity's times
/// still only move forward), each thread has its own clock and answer arrays, and together they make as many
/// decisions as the one-thread run.
/// </summary>
internal static class GateBenchThreads
{
    public static double Run(RuleSetHolder holder, MemoryActivityStore store, GateMetrics metrics, DateTimeOffset now, GateRequest[] requests, int decisions, Action<string> progress)
    {
        var halves = Enumerable.Range(0, 2).Select(t => Half(requests, t, holder.Current.Queries.Count)).ToArray();
        var clocks = halves.Select(_ => new StepClock(now)).ToArray();
        var engines = clocks.Select(c => new GateEngine(holder, store, c, metrics)).ToArray();
        progress($"two threads: {decisions:N0} decisions, {decisions / 2:N0} each");
        using var start = new Barrier(3);
        var threads = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            GateBenchmark.RunGate(engines[t], clocks[t], halves[t], decisions / 20); // warm this thread's half
            start.SignalAndWait();
            GateBenchmark.RunGate(engines[t], clocks[t], halves[t], decisions / 2);
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        start.SignalAndWait();
        var watch = Stopwatch.StartNew();
        foreach (var thread in threads)
        {
            thread.Join();
        }

        return decisions / 2 * 2 / watch.Elapsed.TotalSeconds;
    }

    // A shopper's customer, session, device and address all derive from one number, so splitting by customer splits every identity.
    private static GateRequest[] Half(GateRequest[] requests, int half, int slots)
    {
        var mine = requests.Where(r => (int)(StableHash.Identity(IdentityKind.Customer, r.CustomerId) & 1) == half).ToArray();
        var activity = new long[slots];
        var wanted = new bool[slots];
        foreach (var request in mine)
        {
            request.Activity = activity;
            request.Wanted = wanted;
        }

        return mine;
    }
}
