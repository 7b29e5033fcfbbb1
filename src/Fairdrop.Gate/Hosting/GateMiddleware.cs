using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Engine;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;
using Microsoft.Extensions.Options;

namespace Fairdrop.Gate.Hosting;

/// <summary>
/// Judges every request before the app (or the proxy) sees it: allow and log pass, delay holds the
/// request (up to a bound on held requests), challenge and queue redirect or answer, block answers 429.
/// </summary>
internal sealed class GateMiddleware(
    RequestDelegate next,
    GateEngine engine,
    GateRequestReader reader,
    IGateFacts facts,
    IDecisionSink decisions,
    GateMetrics metrics,
    TimeProvider time,
    IOptions<GateOptions> options,
    ILogger<GateMiddleware> logger)
{
    private static readonly ObjectPool<GateRequest> Pool = new DefaultObjectPool<GateRequest>(new GateRequestPolicy(), 1024);
    private readonly GateOptions _options = options.Value;
    private int _held;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = Pool.Get();
        GateDecision decision;
        try
        {
            reader.Read(context, request);
            await facts.FillAsync(request, context.RequestAborted);
            decision = await engine.DecideAsync(request, context.RequestAborted);
            decisions.Record(request, decision);
        }
        finally
        {
            Pool.Return(request);
        }

        switch (decision.Action)
        {
            case GateAction.Allow or GateAction.Log:
                await next(context);
                return;
            case GateAction.Delay:
                await DelayAsync(context, decision);
                return;
            case GateAction.Challenge:
                GateLog.Enforced(logger, decision.Rule!.Name, "challenge", context.Request.Path);
                await GateResponses.ChallengeAsync(context, decision, _options.ChallengeUrl);
                return;
            case GateAction.Queue:
                await GateResponses.QueueAsync(context, decision, _options.QueueUrl);
                return;
            default:
                GateLog.Enforced(logger, decision.Rule!.Name, "block", context.Request.Path);
                await GateResponses.BlockAsync(context, decision);
                return;
        }
    }

    private async Task DelayAsync(HttpContext context, GateDecision decision)
    {
        var held = Interlocked.Increment(ref _held);
        if (held > _options.MaxHeldRequests)
        {
            Interlocked.Decrement(ref _held);
            GateLog.HoldLimitReached(logger, held - 1, context.Request.Path);
            await GateResponses.BusyAsync(context);
            return;
        }

        metrics.Held(1);
        try
        {
            var delay = decision.Delay < _options.MaxDelay ? decision.Delay : _options.MaxDelay;
            await Task.Delay(delay, time, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // The shopper left while held.
        }
        finally
        {
            Interlocked.Decrement(ref _held);
            metrics.Held(-1);
        }

        await next(context);
    }

    private sealed class GateRequestPolicy : PooledObjectPolicy<GateRequest>
    {
        public override GateRequest Create() => new();

        public override bool Return(GateRequest obj)
        {
            obj.Reset();
            return true;
        }
    }
}
