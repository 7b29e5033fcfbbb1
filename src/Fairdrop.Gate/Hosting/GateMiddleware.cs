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
    IOptions<ProblemDetailsOptions> problemOptions,
    IEnumerable<IProblemDetailsWriter> problemWriters,
    ILogger<GateMiddleware> logger)
{
    private static readonly ObjectPool<GateRequest> Pool = new DefaultObjectPool<GateRequest>(new GateRequestPolicy(), 1024);
    private readonly GateOptions _options = options.Value;

    // Decided once: whether the host shapes problem details, so answers go through its service (ADR 0010).
    private readonly GateResponses _responses = new(GateResponses.HostShapesProblems(problemOptions.Value, problemWriters));
    private int _held;

    /// <summary>
    /// Judges the request and then passes it on or answers it. Not an async method: with the memory store and the
    /// default facts the decision completes synchronously, and an allowed request then costs no state machine and
    /// no extra await around the proxy (the slow path only when the facts or the store really wait).
    /// </summary>
    public Task InvokeAsync(HttpContext context)
    {
        var request = Pool.Get();
        var pooled = true;
        try
        {
            reader.Read(context, request);
            var filled = facts.FillAsync(request, context.RequestAborted);
            if (!filled.IsCompletedSuccessfully)
            {
                pooled = false;
                return JudgeAsync(context, request, filled, decided: null);
            }

            filled.GetAwaiter().GetResult();
            var decided = engine.DecideAsync(request, context.RequestAborted);
            if (!decided.IsCompletedSuccessfully)
            {
                pooled = false;
                return JudgeAsync(context, request, ValueTask.CompletedTask, decided);
            }

            var decision = decided.Result;
            decisions.Record(request, decision);
            return EnforceAsync(context, decision);
        }
        finally
        {
            if (pooled)
            {
                Pool.Return(request);
            }
        }
    }

    /// <summary>The slow path, when the facts or the store really wait; <paramref name="decided"/> is null until the facts are in.</summary>
    private async Task JudgeAsync(HttpContext context, GateRequest request, ValueTask filled, ValueTask<GateDecision>? decided)
    {
        GateDecision decision;
        try
        {
            await filled;
            decision = await (decided ?? engine.DecideAsync(request, context.RequestAborted));
            decisions.Record(request, decision);
        }
        finally
        {
            Pool.Return(request);
        }

        await EnforceAsync(context, decision);
    }

    private Task EnforceAsync(HttpContext context, in GateDecision decision)
    {
        switch (decision.Action)
        {
            case GateAction.Allow or GateAction.Log:
                return next(context);
            case GateAction.Delay:
                return DelayAsync(context, decision);
            case GateAction.Challenge:
                GateLog.Enforced(logger, decision.Rule!.Name, "challenge", context.Request.Path);
                return _responses.ChallengeAsync(context, decision, _options.ChallengeUrl);
            case GateAction.Queue:
                return _responses.QueueAsync(context, decision, _options.QueueUrl);
            default:
                GateLog.Enforced(logger, decision.Rule!.Name, "block", context.Request.Path);
                return _responses.BlockAsync(context, decision);
        }
    }

    private async Task DelayAsync(HttpContext context, GateDecision decision)
    {
        var held = Interlocked.Increment(ref _held);
        if (held > _options.MaxHeldRequests)
        {
            Interlocked.Decrement(ref _held);
            GateLog.HoldLimitReached(logger, held - 1, context.Request.Path);
            await _responses.BusyAsync(context);
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
