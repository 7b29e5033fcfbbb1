using Fairdrop.Batch.Model;
using Fairdrop.Core.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fairdrop.Api.Batch;

/// <summary>Batch errors as problem details: unknown things are 404, bad parameters 400, conflicts with the job's state 409.</summary>
internal static class BatchProblems
{
    public static ProblemHttpResult From(Error error)
    {
        var status = error.Code switch
        {
            BatchErrorCodes.UnknownJob or BatchErrorCodes.ExecutionNotFound => StatusCodes.Status404NotFound,
            BatchErrorCodes.AlreadyCompleted or BatchErrorCodes.AlreadyRunning or BatchErrorCodes.NotRestartable or BatchErrorCodes.Paused => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.Field is not null)
        {
            extensions["field"] = error.Field;
        }

        return TypedResults.Problem(detail: error.Message, statusCode: status, extensions: extensions);
    }
}
