using Fairdrop.Core.Errors;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fairdrop.Api.Batch;

/// <summary>Kept for callers written before errors had a kind: the batch errors carry their kind, so this is <see cref="Problems.From(Error)"/>.</summary>
internal static class BatchProblems
{
    public static ProblemHttpResult From(Error error) => Problems.From(error);
}
