using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Hosting;
using Microsoft.AspNetCore.Http;
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
            gate.Engine, new GateRequestReader(options), facts, sink, gate.Metrics, gate.Time, options, NullLogger<GateMiddleware>.Instance);

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

    private sealed class RecordingSink : IDecisionSink
    {
        public List<GateAction> Actions { get; } = [];

        public void Record(GateRequest request, in GateDecision decision) => Actions.Add(decision.Action);
    }
}
