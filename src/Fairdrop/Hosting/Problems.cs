using Fairdrop.Core.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Hosting;

/// <summary>RFC 9457 problem details with Fairdrop's stable <c>code</c> extension.</summary>
internal static class Problems
{
    /// <summary>The problem's <c>retryAfter</c> member: seconds, also sent as <c>Retry-After</c>.</summary>
    private const string RetryAfterExtension = "retryAfter";

    /// <summary>The problem for an error: its status comes from its kind (<see cref="ErrorKinds.Status"/>), the one map.</summary>
    public static ProblemHttpResult From(Error error)
    {
        var status = error.Kind.Status();
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.Field is not null)
        {
            extensions["field"] = error.Field;
        }

        if (error.RetryAfter is { } wait)
        {
            // Written as the Retry-After header by Customize, when the problem is sent: every refusal that passes with
            // time says when to come back, without each endpoint remembering to set it.
            extensions[RetryAfterExtension] = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        }

        return TypedResults.Problem(detail: error.Message, statusCode: status, extensions: extensions);
    }

    /// <summary>400 naming every field that is wrong.</summary>
    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: "One or more fields are invalid.", extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.ValidationFailed });

    public static ValidationProblem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string what) => From(Error.NotFound(what));

    /// <summary>Writes a problem straight to the response, for middleware that runs outside endpoints.</summary>
    public static async Task Write(HttpContext context, int status, string code, string detail)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Detail = detail, Extensions = { ["code"] = code } };
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    /// <summary>Fills in what every problem carries: a code derived from the status when none was set, and the trace id.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (!problem.Extensions.ContainsKey("code"))
        {
            problem.Extensions["code"] = problem is HttpValidationProblemDetails ? ErrorCodes.ValidationFailed : ErrorCodes.ForStatus(status);
        }

        problem.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        if (problem.Extensions.TryGetValue(RetryAfterExtension, out var seconds) && seconds is int wait && !context.HttpContext.Response.HasStarted)
        {
            context.HttpContext.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (status == StatusCodes.Status404NotFound && problem.Detail is null)
        {
            problem.Detail = "No such resource.";
        }
    }
}
