using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Hosting;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fairdrop.Gate.Tests.Hosting;

public sealed class GateMiddlewareTests
{
    private const string Rules = """rule scripted when user_agent matches "python-requests" then block""";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task InvokeAsync_FactsSyncOrAsync_BlocksAndPassesOnAlike(bool factsWait)
    {
        var gate = new Gate(Rules);
        var sink = new RecordingSink();
        var passedOn = new List<string>();
        var options = Options.Create(new GateOptions());
        var facts = new Facts(factsWait);
        var middleware = new GateMiddleware(
            context =>
            {
                passedOn.Add(context.Request.Headers.UserAgent.ToString());
                return Task.CompletedTask;
            },
            gate.Engine, new GateRequestReader(options), facts, sink, gate.Metrics, gate.Time, options,
            Options.Create(new ProblemDetailsOptions()), [], NullLogger<GateMiddleware>.Instance);

        var blocked = Context("python-requests/2.31");
        var allowed = Context("Mozilla/5.0");
        await middleware.InvokeAsync(blocked);
        await middleware.InvokeAsync(allowed);

        Assert.Equal(StatusCodes.Status429TooManyRequests, blocked.Response.StatusCode);
        Assert.Equal(StatusCodes.Status200OK, allowed.Response.StatusCode);
        Assert.Equal(["Mozilla/5.0"], passedOn);
        Assert.Equal([GateAction.Block, GateAction.Allow], sink.Actions);
        Assert.Equal(factsWait ? 2 : 0, facts.Waited);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task InvokeAsync_HostCustomisesProblemDetails_BlockedAnswerCarriesItOnlyThen(bool customised)
    {
        var gate = new Gate(Rules);
        var options = Options.Create(new GateOptions());
        using var services = new ServiceCollection().AddLogging()
            .AddProblemDetails(o => o.CustomizeProblemDetails = customised ? c => c.ProblemDetails.Extensions["shop"] = "own-shape" : null)
            .BuildServiceProvider();
        var middleware = new GateMiddleware(
            _ => Task.CompletedTask, gate.Engine, new GateRequestReader(options), new Facts(wait: false), new RecordingSink(), gate.Metrics, gate.Time,
            options, services.GetRequiredService<IOptions<ProblemDetailsOptions>>(), services.GetServices<IProblemDetailsWriter>(), NullLogger<GateMiddleware>.Instance);
        var blocked = Context("python-requests/2.31");
        blocked.RequestServices = services;

        await middleware.InvokeAsync(blocked);

        Assert.Equal(StatusCodes.Status429TooManyRequests, blocked.Response.StatusCode);
        var body = JsonDocument.Parse(((MemoryStream)blocked.Response.Body).ToArray()).RootElement;
        Assert.Equal("gate_blocked", body.GetProperty("code").GetString());
        Assert.Equal("scripted", body.GetProperty("rule").GetString());
        Assert.Equal(customised, body.TryGetProperty("shop", out var shop) && shop.GetString() == "own-shape");
    }

    [Fact]
    public void HostShapesProblems_FrameworkWritersOnly_NoElseYes()
    {
        using var framework = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var writers = framework.GetServices<IProblemDetailsWriter>().ToList();

        Assert.NotEmpty(writers);
        Assert.False(GateResponses.HostShapesProblems(new ProblemDetailsOptions(), writers));
        Assert.True(GateResponses.HostShapesProblems(new ProblemDetailsOptions(), [.. writers, new OwnWriter()]));
    }

    private static DefaultHttpContext Context(string userAgent)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/products/a";
        context.Request.Headers.UserAgent = userAgent;
        context.Request.Headers.Cookie = "customer_id=c1";
        context.Response.Body = new MemoryStream();
        return context;
    }

    private sealed class Facts(bool wait) : IGateFacts
    {
        public int Waited { get; private set; }

        public async ValueTask FillAsync(GateRequest request, CancellationToken cancellationToken)
        {
            if (wait)
            {
                await Task.Yield(); // Completes later, so the middleware takes its slow path.
                Waited++;
            }
        }
    }

    private sealed class OwnWriter : IProblemDetailsWriter
    {
        public bool CanWrite(ProblemDetailsContext context) => true;

        public ValueTask WriteAsync(ProblemDetailsContext context) => ValueTask.CompletedTask;
    }

    private sealed class RecordingSink : IDecisionSink
    {
        public List<GateAction> Actions { get; } = [];

        public void Record(GateRequest request, in GateDecision decision) => Actions.Add(decision.Action);
    }
}
