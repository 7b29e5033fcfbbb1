using System.Net;
using System.Threading.RateLimiting;
using BenchmarkDotNet.Attributes;
using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Language;
using Fairdrop.Testing;
using Fairdrop.Testing.Gate;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fairdrop.Benchmarks;

/// <summary>
/// One gate decision with the 20 rules of <c>fairdrop-bench gate</c> against ASP.NET Core's
/// sliding-window <see cref="PartitionedRateLimiter"/> enforcing one of them; plus the activity
/// store and the compiled rules alone, to see where a decision's time goes.
/// </summary>
[MemoryDiagnoser]
public class GateDecisionBenchmark
{
    private const int Batch = 1024;
    private static readonly string[] Actions = ["view_product", "view_product", "view_product", "add_to_cart", "view_cart", "checkout", "search", "login"];
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);
    private readonly StepClock _clock = new(new DateTimeOffset(2025, 11, 28, 9, 0, 0, TimeSpan.Zero));
    private GateRequest[] _requests = [];
    private GateEngine _engine = null!;
    private MemoryActivityStore _store = null!;
    private RuleSet _rules = null!;
    private PartitionedRateLimiter<GateRequest> _limiter = null!;
    private readonly TestMeterFactory _meters = new();
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _requests = new GateRequest[40_000];
        for (var i = 0; i < _requests.Length; i++)
        {
            var shopper = random.Next(10_000);
            var request = new GateRequest
            {
                Action = Actions[random.Next(Actions.Length)],
                CustomerId = "customer-" + shopper,
                SessionId = "session-" + shopper,
                DeviceId = "device-" + shopper,
                ClientIp = new IPAddress([203, 0, (byte)(shopper >> 8), (byte)shopper]),
                UserAgent = random.Next(50) == 0 ? "python-requests/2.31" : "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36",
                ProductLimited = random.Next(4) == 0,
            };
            request.ComputeIdentities();
            _requests[i] = request;
        }

        var metrics = new GateMetrics(_meters);
        var holder = new RuleSetHolder(CompileContext.Default, metrics, NullLogger<RuleSetHolder>.Instance);
        _rules = holder.TryReplace(GateBenchRules.Text, "bench").RuleSet ?? throw new InvalidOperationException("The bench rules do not compile.");
        _store = new MemoryActivityStore(Options.Create(new ActivityOptions()));
        _engine = new GateEngine(holder, _store, _clock, metrics);
        var addToCart = StableHash.Action("add_to_cart");
        _limiter = GateBenchBaseline.Create<GateRequest>(r => r.ActionId == addToCart, r => r.CustomerId);

        // Fill the store to a steady state: every request judged at least twice (which also sizes
        // its activity slots, read by RulesOnly), every shopper with history in every lane it uses.
        for (var i = 0; i < 2 * _requests.Length / Batch + 20; i++)
        {
            Gate();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _limiter.Dispose();
        _meters.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int RateLimiter()
    {
        var denied = 0;
        for (var i = 0; i < Batch; i++)
        {
            using var lease = _limiter.AttemptAcquire(Next());
            denied += lease.IsAcquired ? 0 : 1;
        }

        return denied;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Gate()
    {
        var blocked = 0;
        for (var i = 0; i < Batch; i++)
        {
            _clock.Advance(Step);
            var pending = _engine.DecideAsync(Next(), CancellationToken.None);
            var decision = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
            blocked += decision.Action == GateAction.Block ? 1 : 0;
        }

        return blocked;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public long StoreOnly()
    {
        long sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            var request = Next();
            _clock.Advance(Step);
            var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            if (request.Activity.Length < _rules.Queries.Count)
            {
                request.Activity = new long[_rules.Queries.Count];
            }

            var observed = _store.ObserveAsync(request.Identities, request.ActionId, now, _rules.Queries, request.Activity, CancellationToken.None);
            if (!observed.IsCompletedSuccessfully)
            {
                observed.AsTask().GetAwaiter().GetResult();
            }

            sum += request.Activity[0];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int RulesOnly()
    {
        var matched = 0;
        for (var i = 0; i < Batch; i++)
        {
            var request = Next();
            foreach (var rule in _rules.RuleArray)
            {
                matched += rule.Condition(request) ? 1 : 0;
            }
        }

        return matched;
    }

    private GateRequest Next()
    {
        var request = _requests[_next];
        _next = _next + 1 == _requests.Length ? 0 : _next + 1;
        return request;
    }
}
