using Fairdrop.Core.Errors;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fairdrop.Api;

/// <summary>The last line of an endpoint: a service's <see cref="Result{T}"/> as a 2xx response or a problem.</summary>
internal static class ResultHttp
{
    public static Results<Ok<TOut>, ProblemHttpResult> ToOk<T, TOut>(this Result<T> result, Func<T, TOut> map) =>
        result.TryGetValue(out var value, out var error) ? TypedResults.Ok(map(value)) : Problems.From(error);

    public static Results<Ok<T>, ProblemHttpResult> ToOk<T>(this Result<T> result) =>
        result.TryGetValue(out var value, out var error) ? TypedResults.Ok(value) : Problems.From(error);

    public static Results<NoContent, ProblemHttpResult> ToNoContent<T>(this Result<T> result) =>
        result.TryGetValue(out _, out var error) ? TypedResults.NoContent() : Problems.From(error);

    /// <summary>A list query's result; a refused filter answers as the list endpoints' validation problem, naming the field.</summary>
    public static Results<Ok<TOut>, ValidationProblem, ProblemHttpResult> ToOkOrValidation<T, TOut>(this Result<T> result, Func<T, TOut> map)
    {
        if (result.TryGetValue(out var value, out var error))
        {
            return TypedResults.Ok(map(value));
        }

        return error is { Kind: ErrorKind.Validation, Field: { } field } ? Problems.Validation(field, error.Message) : Problems.From(error);
    }
}
