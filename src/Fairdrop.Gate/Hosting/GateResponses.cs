using System.Net;
using Fairdrop.Gate.Engine;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.Gate.Hosting;

/// <summary>How the gate answers requests it does not let through: problem details for APIs, a small page for browsers.</summary>
internal static class GateResponses
{
    public const string BlockedCode = "gate_blocked";
    public const string ChallengeCode = "gate_challenge";
    public const string QueuedCode = "gate_queued";
    public const string BusyCode = "gate_busy";

    public static Task BlockAsync(HttpContext context, GateDecision decision) =>
        WriteAsync(context, StatusCodes.Status429TooManyRequests, BlockedCode, "Request blocked", "This request was turned away by the store's traffic rules. Slow down and try again.", decision.Rule?.Name);

    public static Task BusyAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status429TooManyRequests, BusyCode, "Too many requests", "Too many requests are waiting; try again shortly.", null, retryAfterSeconds: 5);

    public static Task ChallengeAsync(HttpContext context, GateDecision decision, string? challengeUrl)
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

    public static Task QueueAsync(HttpContext context, GateDecision decision, string? queueUrl)
    {
        if (queueUrl is not null)
        {
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = queueUrl;
            return Task.CompletedTask;
        }

        return WriteAsync(context, StatusCodes.Status503ServiceUnavailable, QueuedCode, "You are in the queue", "Demand is high; you have a place in the queue. Try again shortly.", decision.Rule?.Name, retryAfterSeconds: 10);
    }

    private static Task WriteAsync(HttpContext context, int status, string code, string title, string detail, string? rule, int? retryAfterSeconds = null)
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

        return GateProblemJson.WriteAsync(context, status, code, title, detail, rule);
    }

    private static bool WantsHtml(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        return accept.Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }
}
