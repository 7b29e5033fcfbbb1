using Fairdrop.Batch.Definition;
using Fairdrop.Batch.Model;

namespace Fairdrop.Api.Batch;

/// <summary>A job execution as the API shows it.</summary>
internal sealed record ExecutionResponse(
    Guid Id, string Job, IReadOnlyDictionary<string, string> Parameters, string Status, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt,
    string? ExitMessage, Guid? RestartOf, long Takeovers, CountsResponse Counts, IReadOnlyList<StepResponse> Steps)
{
    public static ExecutionResponse From(JobExecution e) => new(
        e.Id, e.JobName, e.Parameters.Values, e.Status.ToString().ToLowerInvariant(), e.CreatedAt, e.StartedAt, e.EndedAt, e.ExitMessage, e.RestartOf, e.Takeovers,
        CountsResponse.From(e.Counts), e.Steps.Select(StepResponse.From).ToList());
}

/// <summary>One step of an execution.</summary>
internal sealed record StepResponse(string Name, string Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, CountsResponse Counts, string? Checkpoint, string? ExitMessage)
{
    public static StepResponse From(StepExecution s) =>
        new(s.StepName, s.Status.ToString().ToLowerInvariant(), s.StartedAt, s.EndedAt, CountsResponse.From(s.Counts), s.Checkpoint, s.ExitMessage);
}

/// <summary>Read, written, skipped, retried and committed counts.</summary>
internal sealed record CountsResponse(long Read, long Written, long Skipped, long Retried, long Committed)
{
    public static CountsResponse From(StepCounts c) => new(c.Read, c.Written, c.Skipped, c.Retried, c.Committed);
}

/// <summary>A job this node can run, with its parameters.</summary>
internal sealed record JobResponse(string Name, string Description, IReadOnlyList<ParameterResponse> Parameters, IReadOnlyList<string> Steps, bool Scheduled)
{
    public static JobResponse From(JobDefinition job) => new(
        job.Name, job.Description, job.Parameters.Select(p => new ParameterResponse(p.Name, p.Required, p.Identifying, p.Description)).ToList(), job.Steps.Select(s => s.Name).ToList(), job.Schedule is not null);
}

/// <summary>A parameter a job accepts.</summary>
internal sealed record ParameterResponse(string Name, bool Required, bool Identifying, string? Description);

/// <summary>Body of <c>POST /api/v1/batch/jobs/{name}/executions</c>.</summary>
internal sealed record StartJobRequest(Dictionary<string, string>? Parameters, bool? Rerun);

/// <summary>An item a step skipped.</summary>
internal sealed record SkippedItemResponse(string Step, string? Partition, string Item, string Phase, string Reason, DateTimeOffset SkippedAt);
