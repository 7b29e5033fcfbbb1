namespace Fairdrop.Batch.Model;

/// <summary>Stable codes of the batch framework's expected failures.</summary>
public static class BatchErrorCodes
{
    public const string UnknownJob = "batch_unknown_job";
    public const string InvalidParameters = "batch_invalid_parameters";
    public const string AlreadyCompleted = "batch_already_completed";
    public const string AlreadyRunning = "batch_already_running";
    public const string NotRestartable = "batch_not_restartable";
    public const string Paused = "batch_paused";
    public const string ExecutionNotFound = "batch_execution_not_found";
}
