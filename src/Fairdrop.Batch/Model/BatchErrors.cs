using Fairdrop.Core.Errors;

namespace Fairdrop.Batch.Model;

/// <summary>The batch framework's expected failures, as <see cref="Error"/> values: unknown things are not found, bad parameters a validation failure, clashes with a job's state a conflict.</summary>
public static class BatchErrors
{
    public static Error UnknownJob(string name) => Error.Of(ErrorKind.NotFound, BatchErrorCodes.UnknownJob, $"There is no job named '{name}'.", "job");

    public static Error InvalidParameters(string message, string? field = null) => Error.Of(ErrorKind.Validation, BatchErrorCodes.InvalidParameters, message, field ?? "parameters");

    public static Error AlreadyCompleted(string job, Guid execution) =>
        Error.Of(ErrorKind.Conflict, BatchErrorCodes.AlreadyCompleted, $"Job '{job}' already completed with these parameters (execution {execution}); ask for a rerun to run it again.");

    public static Error AlreadyRunning(string job, DateTimeOffset until) =>
        Error.Of(ErrorKind.Conflict, BatchErrorCodes.AlreadyRunning, $"Job '{job}' is already running with these parameters; its lease expires at {until:u} unless renewed.");

    public static Error NotRestartable(Guid execution, BatchStatus status) =>
        Error.Of(ErrorKind.Conflict, BatchErrorCodes.NotRestartable, $"Execution {execution} is {status.ToText()}; only a failed execution can be restarted.");

    public static Error Paused(string job, DateTimeOffset? until) =>
        Error.Of(ErrorKind.Conflict, BatchErrorCodes.Paused, until is { } at
            ? $"Job '{job}' is paused with these parameters until {at:u}."
            : $"Job '{job}' is paused with these parameters until it is woken.");

    public static Error ExecutionNotFound(Guid execution) => Error.Of(ErrorKind.NotFound, BatchErrorCodes.ExecutionNotFound, $"Execution {execution} was not found.");
}
