using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Language;
using Fairdrop.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Gate.Tests;

/// <summary>An engine over a memory store and a fake clock, for semantics tests.</summary>
internal sealed class Gate
{
    public Gate(string rules, ActivityOptions? options = null)
    {
        Options = options ?? new ActivityOptions();
        Store = new MemoryActivityStore(Microsoft.Extensions.Options.Options.Create(Options));
        Metrics = new GateMetrics(new TestMeterFactory());
        Holder = new RuleSetHolder(CompileContext.Default with { Horizon = Options.Horizon }, Metrics, NullLogger<RuleSetHolder>.Instance);
        var compilation = Holder.TryReplace(rules, "test");
        Assert.True(compilation.Success, compilation.Format("test"));
        Engine = new GateEngine(Holder, Store, Time, Metrics);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 11, 28, 9, 0, 0, TimeSpan.Zero));

    public ActivityOptions Options { get; }

    public MemoryActivityStore Store { get; }

    public GateMetrics Metrics { get; }

    public RuleSetHolder Holder { get; }

    public GateEngine Engine { get; }

    public static GateRequest Request(string action, string? customer = null, string ip = "203.0.113.7", string? session = null)
    {
        var request = new GateRequest
        {
            Action = action,
            CustomerId = customer ?? string.Empty,
            SessionId = session ?? string.Empty,
            ClientIp = System.Net.IPAddress.Parse(ip),
            Method = "POST",
            Path = "/cart/add",
        };
        request.ComputeIdentities();
        return request;
    }

    /// <summary>The memory store completes decisions synchronously; this proves it for each call.</summary>
    public GateDecision DecideSync(GateRequest request)
    {
        var pending = Engine.DecideAsync(request, CancellationToken.None);
        if (!pending.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("The decision did not complete synchronously.");
        }

        return pending.Result;
    }

    public GateDecision Decide(GateRequest request) => DecideSync(request);

    public GateDecision Decide(string action, string? customer = null, string ip = "203.0.113.7") => Decide(Request(action, customer, ip));
}
