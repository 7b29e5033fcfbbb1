using System.Diagnostics;
using System.Threading.RateLimiting;
using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Engine;
using Fairdrop.Testing;
using Microsoft.Extensions.Options;

namespace Fairdrop.Scenarios.Gate;

/// <summary>
/// <c>bench gate --threads 2</c>: the same rules and one shared activity store judged from two threads at once, as two
/// Kestrel threads would. The requests are split by shopper (each thread its own shoppers, so each identity's times
/// still only move forward), each thread has its own clock and answer arrays, and together they make as many
/// decisions as a one-thread round. Measured in rounds between the one-thread rounds, so both see the same machine.
/// </summary>
internal sealed class GateBenchThreads
{
    private readonly GateRequest[][] _halves;
    private readonly StepClock[] _clocks;
    private readonly GateEngine[] _engines;
    private readonly int[] _next = new int[2];

    /// <summary>Both threads judge with <paramref name="store"/>; with none, each has a store of its own (see <see cref="Separate"/>).</summary>
    public GateBenchThreads(RuleSetHolder holder, MemoryActivityStore? store, GateMetrics metrics, DateTimeOffset now, GateRequest[] requests)
    {
        _halves = [.. Enumerable.Range(0, 2).Select(t => Half(requests, t, holder.Current.Queries.Count))];
        _clocks = [.. _halves.Select(_ => new StepClock(now))];
        _engines = [.. _clocks.Select(c => new GateEngine(holder, store ?? new MemoryActivityStore(Options.Create(new ActivityOptions())), c, metrics))];
    }

    /// <summary>
    /// The control for the shared store: each thread with a store of its own over its own shoppers, warmed with
    /// <paramref name="warmUp"/> decisions each (a request per simulated millisecond, as the shared store was, so each
    /// store's rings hold a whole horizon), so nothing is shared and no lock is ever contended. Whatever two
    /// threads of it gain is the most any locking of one shared store could gain on this machine.
    /// </summary>
    public static GateBenchThreads Separate(RuleSetHolder holder, GateMetrics metrics, DateTimeOffset now, GateRequest[] requests, int warmUp)
    {
        var threads = new GateBenchThreads(holder, null, metrics, now, requests);
        for (var t = 0; t < 2; t++)
        {
            GateBenchmark.RunGate(threads._engines[t], threads._clocks[t], threads._halves[t], warmUp);
        }

        return threads;
    }

    /// <summary>Both threads' clocks, moved up to <paramref name="now"/> (the one-thread clock) before a round; the latest of them after it.</summary>
    public DateTimeOffset Now => _clocks.Max(c => c.GetUtcNow());

    /// <summary>One round: <paramref name="decisions"/> in all, half on each thread, started together; returns decisions per second.</summary>
    public double Round(DateTimeOffset now, int decisions)
    {
        foreach (var clock in _clocks)
        {
            clock.CatchUp(now);
        }

        return Together(decisions, t =>
        {
            GateBenchmark.RunGate(_engines[t], _clocks[t], _halves[t], decisions / 2, _next[t]);
            _next[t] = (_next[t] + (decisions / 2)) % _halves[t].Length;
        });
    }

    /// <summary>
    /// The same round for the baseline's limiter, shared by both threads as a server's would be: how far this machine
    /// lets the same kind of work (a partition lookup per request) scale over two threads, beside the gate's figure.
    /// </summary>
    public double BaselineRound(PartitionedRateLimiter<GateRequest> limiter, int decisions) =>
        Together(decisions, t => GateBenchmark.RunBaseline(limiter, _halves[t], decisions / 2, _next[t]));

    private static double Together(int decisions, Action<int> work)
    {
        using var start = new Barrier(3);
        var threads = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            work(t);
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
