using System.Net;
using Fairdrop.Gate.Engine;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.Gate.Hosting;

/// <summary>
/// How the gate answers requests it does not let through: problem details for APIs, a small page for browsers.
/// Problem answers are written by <see cref="GateProblemJson"/> (ADR 0010) unless the host shapes its problem
/// details (<c>CustomizeProblemDetails</c>, or a problem details writer of its own): then they go through the
/// host's <see cref="IProblemDetailsService"/>, so its customisation applies to them as to its other answers.
/// </summary>
internal sealed class GateResponses(bool throughProblemService)
{
    public const string BlockedCode = "gate_blocked";
    public const string ChallengeCode = "gate_challenge";
    public const string QueuedCode = "gate_queued";
    public const string BusyCode = "gate_busy";

    public Task BlockAsync(HttpContext context, GateDecision decision) =>
        WriteAsync(context, StatusCodes.Status429TooManyRequests, BlockedCode, "Request blocked", "This request was turned away by the store's traffic rules. Slow down and try again.", decision.Rule?.Name);

    public Task BusyAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status429TooManyRequests, BusyCode, "Too many requests", "Too many requests are waiting; try again shortly.", null, retryAfterSeconds: 5);

    public Task ChallengeAsync(HttpContext context, GateDecision decision, string? challengeUrl)
    {
        if (challengeUrl is not null)
        {
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            var separator = challengeUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            context.Response.Headers.Location = challengeUrl + separator + "return_to=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString);
            return Task.CompletedTask;
        }

        return WriteAsync(context, StatusCodes.Status403Forbidden, ChallengeCode, "Please confirm you are a person", "The store needs to confirm this request comes from a person.", decision.Rule?.Name);
    }

    public Task QueueAsync(HttpContext context, GateDecision decision, string? queueUrl)
    {
        if (queueUrl is not null)
        {
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = queueUrl;
            return Task.CompletedTask;
        }

        return WriteAsync(context, StatusCodes.Status503ServiceUnavailable, QueuedCode, "You are in the queue", "Demand is high; you have a place in the queue. Try again shortly.", decision.Rule?.Name, retryAfterSeconds: 10);
    }

    private Task WriteAsync(HttpContext context, int status, string code, string title, string detail, string? rule, int? retryAfterSeconds = null)
    {
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (WantsHtml(context.Request))
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.WriteAsync(
                $"<!doctype html><html><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title></head>" +
                $"<body><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(detail)}</p></body></html>");
        }

        if (throughProblemService)
        {
            var extensions = new Dictionary<string, object?> { ["code"] = code };
            if (rule is not null)
            {
                extensions["rule"] = rule;
            }

            return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions).ExecuteAsync(context);
        }

        return GateProblemJson.WriteAsync(context, status, code, title, detail, rule);
    }

    /// <summary>
    /// Whether the host shapes problem details itself: a <c>CustomizeProblemDetails</c> callback, or a problem details
    /// writer that is not one of ASP.NET Core's own.
    /// </summary>
    public static bool HostShapesProblems(ProblemDetailsOptions options, IEnumerable<IProblemDetailsWriter> writers) =>
        options.CustomizeProblemDetails is not null
        || writers.Any(w => w.GetType().Namespace?.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) != true);

    private static bool WantsHtml(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        return accept.Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }
}
