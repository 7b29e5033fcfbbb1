using System.Diagnostics.Metrics;
using System.Net;
using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Language;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fairdrop.Gate.Decisions;

/// <summary>
/// Re-judges recorded decisions, oldest first, under another rule set, with a fresh activity store
/// fed by the recorded requests at their recorded times. The log keeps only a sample of plain
/// allows, so activity counts are a lower bound of what the live gate saw; fields the log does not
/// keep (headers, query, cookies, customer age and orders, product.limited) read as unknown.
/// </summary>
public static class DecisionReplay
{
    /// <summary>Compiles <paramref name="rules"/> (null with the diagnostics when it fails) and replays <paramref name="log"/> under it.</summary>
    public static async Task<(ReplayReport? Report, RuleCompilation Compilation)> RunAsync(
        string rules, CompileContext context, ActivityOptions activity, IAsyncEnumerable<DecisionRecord> log, CancellationToken cancellationToken)
    {
        ReplayCounts? counts = null;
        var compilation = await JudgeAsync(rules, context, activity, log, set => (counts = new ReplayCounts(set)).Add, cancellationToken);
        return (counts?.ToReport(), compilation);
    }

    /// <summary>
    /// The replay itself: compiles <paramref name="rules"/> and judges every recorded request at its recorded time with a
    /// fresh store, showing each decision to the observer <paramref name="observerFor"/> gives for the compiled set (the
    /// report's counts, or a recommendation's impact). Nothing is judged when the rules do not compile.
    /// </summary>
    internal static async Task<RuleCompilation> JudgeAsync(
        string rules, CompileContext context, ActivityOptions activity, IAsyncEnumerable<DecisionRecord> log, Func<RuleSet, ReplayObserver> observerFor, CancellationToken cancellationToken)
    {
        // The framework's own meter factory, disposed with the replay: the replay's figures go nowhere.
        await using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new GateMetrics(meters.GetRequiredService<IMeterFactory>());
        var holder = new RuleSetHolder(context, metrics, NullLogger<RuleSetHolder>.Instance);
        var compilation = holder.TryReplace(rules, "replay");
        if (!compilation.Success)
        {
            return compilation;
        }

        var clock = new ReplayClock();
        var engine = new GateEngine(holder, new MemoryActivityStore(Options.Create(activity)), clock, metrics);
        var observe = observerFor(holder.Current);
        var request = new GateRequest();
        await foreach (var record in log.WithCancellation(cancellationToken))
        {
            // A log that is not a cancellable iterator (any IAsyncEnumerable will do) still stops at the next request.
            cancellationToken.ThrowIfCancellationRequested();
            clock.Now = record.At;
            Fill(request, record);
            observe(record, request, await engine.DecideAsync(request, cancellationToken));
        }

        return compilation;
    }

    private static void Fill(GateRequest request, DecisionRecord record)
    {
        request.Reset();
        request.Method = record.Method;
        request.Path = record.Path;
        request.Action = record.Action;
        request.ClientIp = IPAddress.TryParse(record.Ip, out var ip) ? ip : null;
        request.CustomerId = record.CustomerId;
        request.SessionId = record.SessionId;
        request.DeviceId = record.DeviceId;
        request.UserAgent = record.UserAgent;
        request.ProductId = record.ProductId;
        request.RecordedHeaders = record.Headers;
        request.ComputeIdentities();
    }

    /// <summary>Time stands at the recorded request being judged (set, not advanced: product code takes no testing package).</summary>
    private sealed class ReplayClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
