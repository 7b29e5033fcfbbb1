using Fairdrop.Core.Errors;

namespace Fairdrop.Batch.Model;

/// <summary>The batch framework's expected failures, as <see cref="Error"/> values.</summary>
public static class BatchErrors
{
    public static Error UnknownJob(string name) => new(BatchErrorCodes.UnknownJob, $"There is no job named '{name}'.", "job");

    public static Error InvalidParameters(string message, string? field = null) => new(BatchErrorCodes.InvalidParameters, message, field ?? "parameters");

    public static Error AlreadyCompleted(string job, Guid execution) =>
        new(BatchErrorCodes.AlreadyCompleted, $"Job '{job}' already completed with these parameters (execution {execution}); ask for a rerun to run it again.");

    public static Error AlreadyRunning(string job, DateTimeOffset until) =>
        new(BatchErrorCodes.AlreadyRunning, $"Job '{job}' is already running with these parameters; its lease expires at {until:u} unless renewed.");

    public static Error NotRestartable(Guid execution, BatchStatus status) =>
        new(BatchErrorCodes.NotRestartable, $"Execution {execution} is {status.ToText()}; only a failed execution can be restarted.");

    public static Error Paused(string job, DateTimeOffset? until) =>
        new(BatchErrorCodes.Paused, until is { } at
            ? $"Job '{job}' is paused with these parameters until {at:u}."
            : $"Job '{job}' is paused with these parameters until it is woken.");

    public static Error ExecutionNotFound(Guid execution) => new(BatchErrorCodes.ExecutionNotFound, $"Execution {execution} was not found.");
}
