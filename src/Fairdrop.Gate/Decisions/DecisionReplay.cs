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
    public static Task<(ReplayReport? Report, RuleCompilation Compilation)> RunAsync(
        string rules, CompileContext context, ActivityOptions activity, IAsyncEnumerable<DecisionRecord> log, CancellationToken cancellationToken) =>
        RunAsync(rules, context, activity, log, observe: null, cancellationToken);

    /// <summary>The same replay, showing <paramref name="observe"/> every request with its decision (recommendations count their impact so).</summary>
    internal static async Task<(ReplayReport? Report, RuleCompilation Compilation)> RunAsync(
        string rules, CompileContext context, ActivityOptions activity, IAsyncEnumerable<DecisionRecord> log, ReplayObserver? observe, CancellationToken cancellationToken)
    {
        // The framework's own meter factory, disposed with the replay: the replay's figures go nowhere.
        await using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new GateMetrics(meters.GetRequiredService<IMeterFactory>());
        var holder = new RuleSetHolder(context, metrics, NullLogger<RuleSetHolder>.Instance);
        var compilation = holder.TryReplace(rules, "replay");
        if (!compilation.Success)
        {
            return (null, compilation);
        }

        var clock = new ReplayClock();
        var engine = new GateEngine(holder, new MemoryActivityStore(Options.Create(activity)), clock, metrics);
        var set = holder.Current;
        var before = new Dictionary<string, int>(StringComparer.Ordinal);
        var after = new Dictionary<string, int>(StringComparer.Ordinal);
        var matched = new int[set.Rules.Count];
        var decided = new int[set.Rules.Count];
        var changedBy = new int[set.Rules.Count];
        var changes = new List<ReplayChange>();
        var requests = 0;
        var request = new GateRequest();
        await foreach (var record in log.WithCancellation(cancellationToken))
        {
            requests++;
            clock.Now = record.At;
            Fill(request, record);
            var decision = await engine.DecideAsync(request, cancellationToken);
            observe?.Invoke(record, request, decision);
            var now = decision.Action.ToString().ToLowerInvariant();
            Increment(before, record.Decision);
            Increment(after, now);
            foreach (var rule in set.Rules)
            {
                matched[rule.Index] += decision.Matched.Contains(rule.Index) || decision.ShadowMatched.Contains(rule.Index) ? 1 : 0;
            }

            if (decision.Rule is { } winner)
            {
                decided[winner.Index]++;
            }

            if (!string.Equals(now, record.Decision, StringComparison.Ordinal))
            {
                changes.Add(new ReplayChange(record, record.Decision, record.Rule, now, decision.Rule?.Name));
                if (decision.Rule is { } cause)
                {
                    changedBy[cause.Index]++;
                }
            }
        }

        var actions = Enum.GetValues<GateAction>().Select(a => a.ToString().ToLowerInvariant())
            .Concat(before.Keys).Distinct()
            .Select(a => new ReplayActionCount(a, before.GetValueOrDefault(a), after.GetValueOrDefault(a)))
            .Where(a => a.Before + a.After > 0)
            .ToList();
        var perRule = set.Rules.Select(r => new ReplayRuleCount(r.Name, r.Shadow, matched[r.Index], decided[r.Index], changedBy[r.Index])).ToList();
        return (new ReplayReport(requests, set.Version, actions, changes, perRule), compilation);
    }

    internal static void Fill(GateRequest request, DecisionRecord record)
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
        request.ComputeIdentities();
    }

    private static void Increment(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    /// <summary>Time stands at the recorded request being judged (set, not advanced: product code takes no testing package).</summary>
    private sealed class ReplayClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
