using Fairdrop.Api;
using Fairdrop.Api.Batch;
using Fairdrop.Auth;
using Fairdrop.Batch.Definition;
using Fairdrop.Batch.Model;
using Fairdrop.Batch.Repository;
using Fairdrop.Batch.Running;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

// In the routing namespace, like ASP.NET Core's own MapXxx methods, so composing modules needs no extra using.
namespace Microsoft.AspNetCore.Routing;

/// <summary><c>/api/v1/batch</c>: the operator's view of jobs and executions, and starting and restarting them.</summary>
internal static class BatchEndpoints
{
    public static RouteGroupBuilder MapBatchEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/batch").RequireAuthorization(Policies.Operator).WithTags("Batch");
        group.MapGet("/jobs", (JobRegistry jobs) => TypedResults.Ok(jobs.All.OrderBy(j => j.Name, StringComparer.Ordinal).Select(JobResponse.From).ToList()))
            .WithName("ListBatchJobs").WithSummary("The jobs this node can run.");
        group.MapPost("/jobs/{name}/executions", StartAsync).WithName("StartBatchJob").WithSummary("Start a job; it runs in the background.");
        group.MapGet("/executions", ListAsync).WithName("ListBatchExecutions").WithSummary("Executions, newest first, with their counts.");
        group.MapGet("/executions/{id:guid}", GetAsync).WithName("GetBatchExecution").WithSummary("One execution with its steps' counts and checkpoints.");
        group.MapGet("/executions/{id:guid}/skipped", SkippedAsync).WithName("ListBatchSkippedItems").WithSummary("Items the execution skipped, with the reason.");
        group.MapPost("/executions/{id:guid}/restart", RestartAsync).WithName("RestartBatchExecution").WithSummary("Restart a failed execution from its checkpoint.");
        return api;
    }

    private static async Task<Results<Accepted<ExecutionResponse>, ProblemHttpResult>> StartAsync(
        string name, StartJobRequest? request, JobLauncher launcher, BackgroundExecutions background, JobRepository repository, CancellationToken cancellationToken)
    {
        var parameters = JobParameters.From(request?.Parameters ?? []);
        var prepared = await launcher.PrepareAsync(name, parameters, request?.Rerun ?? false, cancellationToken);
        return await AcceptedAsync(prepared, background, repository, cancellationToken);
    }

    private static async Task<Results<Accepted<ExecutionResponse>, ProblemHttpResult>> RestartAsync(
        Guid id, JobLauncher launcher, BackgroundExecutions background, JobRepository repository, CancellationToken cancellationToken) =>
        await AcceptedAsync(await launcher.PrepareRestartAsync(id, cancellationToken), background, repository, cancellationToken);

    private static async Task<Results<Accepted<ExecutionResponse>, ProblemHttpResult>> AcceptedAsync(
        Fairdrop.Core.Errors.Result<PreparedExecution> prepared, BackgroundExecutions background, JobRepository repository, CancellationToken cancellationToken)
    {
        if (!prepared.TryGetValue(out var ready, out var error))
        {
            return Problems.From(error);
        }

        var execution = (await repository.GetAsync(ready.ExecutionId, cancellationToken))!;
        background.Start(ready);
        return TypedResults.Accepted($"/api/v1/batch/executions/{execution.Id}", ExecutionResponse.From(execution));
    }

    private static async Task<Results<Ok<Page<ExecutionResponse>>, ValidationProblem>> ListAsync(
        JobRepository repository, CancellationToken cancellationToken, string? job = null, Guid? before = null, int limit = Page.DefaultLimit)
    {
        if (Page.InvalidLimit(limit) is { } problem)
        {
            return problem;
        }

        var page = await repository.ListAsync(before, limit, job, cancellationToken);
        return TypedResults.Ok(Page.Of(page, limit, e => e.Id, ExecutionResponse.From));
    }

    private static async Task<Results<Ok<ExecutionResponse>, ProblemHttpResult>> GetAsync(Guid id, JobRepository repository, CancellationToken cancellationToken) =>
        await repository.GetAsync(id, cancellationToken) is { } execution
            ? TypedResults.Ok(ExecutionResponse.From(execution))
            : Problems.From(BatchErrors.ExecutionNotFound(id));

    private static async Task<Results<Ok<List<SkippedItemResponse>>, ProblemHttpResult>> SkippedAsync(Guid id, JobRepository repository, CancellationToken cancellationToken)
    {
        if (await repository.GetAsync(id, cancellationToken) is null)
        {
            return Problems.From(BatchErrors.ExecutionNotFound(id));
        }

        var skipped = await repository.SkippedAsync(id, cancellationToken);
        return TypedResults.Ok(skipped.Select(s => new SkippedItemResponse(s.StepName, s.PartitionKey, s.Item, s.Phase, s.Reason, s.SkippedAt)).ToList());
    }
}
