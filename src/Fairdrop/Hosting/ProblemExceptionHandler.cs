using System.Data.Common;
using System.Text.Json;
using Fairdrop.Core.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Hosting;

/// <summary>Maps what escapes an endpoint to a problem: bad requests keep their status and name the field; the rest is a 500 with no internals.</summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException bad => FromBadRequest(bad),
            DbException db when IsUnavailable(db) => Problem(StatusCodes.Status503ServiceUnavailable, ErrorCodes.DatabaseUnavailable, "The database is unavailable; try again shortly."),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ => null,
        };

        if (problem is null)
        {
            if (httpContext.RequestAborted.IsCancellationRequested)
            {
                return true;
            }

            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            problem = Problem(StatusCodes.Status500InternalServerError, ErrorCodes.InternalError, "An unexpected error occurred; it has been logged.");
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problem(bad.StatusCode, ErrorCodes.PayloadTooLarge, "The request body is larger than the limit.");
        }

        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return Problem(bad.StatusCode, ErrorCodes.UnsupportedMediaType, "Send the body as application/json.");
        }

        if (bad.InnerException is JsonException json)
        {
            var field = JsonPaths.ToField(json.Path);
            var problem = Problem(StatusCodes.Status400BadRequest, ErrorCodes.MalformedJson, DescribeJsonError(json, field));
            if (field is not null)
            {
                problem.Extensions["field"] = field;
            }

            return problem;
        }

        return Problem(bad.StatusCode, ErrorCodes.ForStatus(bad.StatusCode), bad.Message);
    }

    private static string DescribeJsonError(JsonException json, string? field)
    {
        // System.Text.Json's messages name CLR types; keep only the part a client can act on.
        var message = json.Message.Split(" Path:", 2)[0];
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"Unknown field '{field}'.";
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return field is null ? "A value has the wrong type." : $"Field '{field}' has the wrong type.";
        }

        return field is null ? $"The JSON body is malformed: {message}" : $"The JSON body is malformed at '{field}': {message}";
    }

    private static ProblemDetails Problem(int status, string code, string detail) =>
        new() { Status = status, Detail = detail, Extensions = { ["code"] = code } };

    private static bool IsUnavailable(DbException exception) =>
        exception is Npgsql.NpgsqlException { IsTransient: true }
        || exception is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 };

    [LoggerMessage(EventId = HostEventIds.UnhandledException, Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, PathString path);
}
