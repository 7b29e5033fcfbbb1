using System.Diagnostics;
using System.Net;
using System.Threading.RateLimiting;
using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Language;
using Fairdrop.Testing;
using Fairdrop.Testing.Gate;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fairdrop.Scenarios.Gate;

/// <summary>
/// In-process decisions per second: the gate with 20 rules (most over activity) versus ASP.NET
/// Core's <see cref="PartitionedRateLimiter"/> (sliding window, per customer) enforcing only
/// "one add-to-cart per second", over the same stream of requests, single thread, same run.
/// </summary>
internal sealed class GateBenchmark
{
    private static readonly string[] Actions = ["view_product", "view_product", "view_product", "add_to_cart", "view_cart", "checkout", "search", "login"];

    /// <summary>The baseline's rule in the gate's language: <c>--rules 1</c> judges exactly what the limiter enforces.</summary>
    internal const string OneRule = """rule cart_burst when action == "add_to_cart" and since_last("add_to_cart", customer) < 1s then block""";

    public static GateBenchResult Run(int shoppers, int decisions, bool breakdown, Action<string> progress, bool oneRule = false, int threads = 1, int rounds = 5)
    {
        var requests = BuildRequests(shoppers);
        var clock = new StepClock(new DateTimeOffset(2025, 11, 28, 9, 0, 0, TimeSpan.Zero));
        using var meters = new TestMeterFactory();
        var metrics = new GateMetrics(meters);
        var holder = new RuleSetHolder(CompileContext.Default, metrics, NullLogger<RuleSetHolder>.Instance);
        var compilation = holder.TryReplace(oneRule ? OneRule : GateBenchRules.Text, "bench");
        if (!compilation.Success)
        {
            throw new InvalidOperationException(compilation.Format("bench"));
        }

        // A server pools its GateRequests (the middleware does), so their answer arrays stay in cache from one
        // request to the next; here every stored request shares one pair, rather than 400,000 cold pairs.
        var activity = new long[holder.Current.Queries.Count];
        var wanted = new bool[holder.Current.Queries.Count];
        foreach (var request in requests)
        {
            request.Activity = activity;
            request.Wanted = wanted;
        }

        var store = new MemoryActivityStore(Microsoft.Extensions.Options.Options.Create(new ActivityOptions()));
        var engine = new GateEngine(holder, store, clock, metrics);
        // What an app would write with ASP.NET Core's rate limiting: every request asks, only add-to-cart is limited, per customer.
        using var limiter = GateBenchBaseline.Create<GateRequest>(r => r.ActionId == AddToCart, r => r.CustomerId);

        // Steady state: every shopper seen, and a whole activity horizon of simulated traffic behind
        // the store (one request per simulated millisecond), so its rings have grown to what the
        // traffic needs and old events are being overwritten rather than added.
        var horizon = (int)new ActivityOptions().Horizon.TotalMilliseconds;
        var warmUp = Math.Max(decisions / 10, Math.Max(requests.Length * 2, horizon));
        progress($"warming up: {warmUp:N0} decisions");
        RunGate(engine, clock, requests, warmUp);
        RunBaseline(limiter, requests, warmUp);

        var twoThreads = threads == 2 ? new GateBenchThreads(holder, store, metrics, clock.GetUtcNow(), requests) : null;
        twoThreads?.Round(clock.GetUtcNow(), Math.Max(2, decisions / 20));
        var separate = threads == 2 ? GateBenchThreads.Separate(holder, metrics, clock.GetUtcNow(), requests, warmUp) : null;

        // Rounds alternate the sides, so a neighbour's burst on this shared machine lands on both; the median of the
        // per-round ratios is the figure, and the totals give each side's rate.
        var perRound = Math.Max(1, decisions / rounds);
        var counts = new long[Enum.GetValues<GateAction>().Length];
        double baselineSeconds = 0, gateSeconds = 0;
        long gateBytes = 0, baselineDenied = 0;
        var ratios = new List<double>();
        var scalings = new List<double>();
        var baselineScalings = new List<double>();
        var separateScalings = new List<double>();
        var baselineFeed = 0;
        var gateFeed = 0;
        for (var round = 0; round < rounds; round++)
        {
            progress($"round {round + 1} of {rounds}: {perRound:N0} decisions each side, gate with {holder.Current.Rules.Count} rules");
            var (b, _, denied) = RunBaseline(limiter, requests, perRound, baselineFeed);
            var (g, bytes, roundCounts) = RunGate(engine, clock, requests, perRound, gateFeed);
            baselineFeed = (baselineFeed + perRound) % requests.Length;
            gateFeed = (gateFeed + perRound) % requests.Length;
            (baselineSeconds, gateSeconds, gateBytes, baselineDenied) = (baselineSeconds + b, gateSeconds + g, gateBytes + bytes, baselineDenied + denied);
            ratios.Add(b / g);
            for (var i = 0; i < counts.Length; i++)
            {
                counts[i] += roundCounts[i];
            }

            if (twoThreads is not null)
            {
                var perSecond = twoThreads.Round(clock.GetUtcNow(), perRound);
                clock.CatchUp(twoThreads.Now);
                scalings.Add(perSecond * g / perRound);
                baselineScalings.Add(twoThreads.BaselineRound(limiter, perRound) * b / perRound);
                separateScalings.Add(separate!.Round(clock.GetUtcNow(), perRound) * g / perRound);
            }
        }

        if (breakdown)
        {
            GateBenchBreakdown.Report(engine, holder, metrics, clock, store, requests, decisions, progress);
        }

        var total = perRound * rounds;
        return new GateBenchResult(total, shoppers, holder.Current.Rules.Count, total / gateSeconds, total / baselineSeconds, (double)gateBytes / total, counts, baselineDenied)
        {
            Rounds = rounds,
            MedianRatio = Median(ratios),
            ThreadScaling = scalings.Count > 0 ? Median(scalings) : null,
            BaselineThreadScaling = baselineScalings.Count > 0 ? Median(baselineScalings) : null,
            SeparateStoresThreadScaling = separateScalings.Count > 0 ? Median(separateScalings) : null,
        };
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }

    internal static (double Seconds, long Bytes, long[] Counts) RunGate(GateEngine engine, StepClock clock, GateRequest[] requests, int decisions, int start = 0)
    {
        var counts = new long[Enum.GetValues<GateAction>().Length];
        var step = TimeSpan.FromMilliseconds(1);
        var feed = new GateBenchFeed(requests, start);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < decisions; i++)
        {
            clock.Advance(step);
            var pending = engine.DecideAsync(feed.Next(), CancellationToken.None);
            var decision = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
            counts[(int)decision.Action]++;
        }

        watch.Stop();
        return (watch.Elapsed.TotalSeconds, GC.GetAllocatedBytesForCurrentThread() - before, counts);
    }

    internal static (double Seconds, long Bytes, long Denied) RunBaseline(PartitionedRateLimiter<GateRequest> limiter, GateRequest[] requests, int decisions, int start = 0)
    {
        long denied = 0;
        var feed = new GateBenchFeed(requests, start);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < decisions; i++)
        {
            var request = feed.Next();
            using var lease = limiter.AttemptAcquire(request);
            denied += lease.IsAcquired ? 0 : 1;
        }

        watch.Stop();
        return (watch.Elapsed.TotalSeconds, GC.GetAllocatedBytesForCurrentThread() - before, denied);
    }

    private static readonly int AddToCart = StableHash.Action("add_to_cart");

    private static GateRequest[] BuildRequests(int shoppers)
    {
        var random = new Random(7);
        var requests = new GateRequest[shoppers * 4];
        for (var i = 0; i < requests.Length; i++)
        {
            var shopper = random.Next(shoppers);
            var request = new GateRequest
            {
                Method = "POST",
                Path = "/cart/add.js",
                Action = Actions[random.Next(Actions.Length)],
                CustomerId = "customer-" + shopper,
                SessionId = "session-" + shopper,
                DeviceId = "device-" + shopper,
                ClientIp = new IPAddress([203, 0, (byte)(shopper >> 8), (byte)shopper]),
                UserAgent = random.Next(50) == 0 ? "python-requests/2.31" : "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36",
                ProductId = "sneaker-" + random.Next(20),
                ProductLimited = random.Next(4) == 0,
            };
            request.ComputeIdentities();
            requests[i] = request;
        }

        return requests;
    }
}
