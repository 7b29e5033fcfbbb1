using Microsoft.Extensions.Logging;

namespace Fairdrop.Batch.Telemetry;

/// <summary>The batch framework's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = BatchEventIds.ExecutionStarted, Level = LogLevel.Information, Message = "Job {Job} execution {Execution} started (takeover: {Takeover})")]
    public static partial void ExecutionStarted(ILogger logger, string job, Guid execution, bool takeover);

    [LoggerMessage(EventId = BatchEventIds.ExecutionEnded, Level = LogLevel.Information, Message = "Job {Job} execution {Execution} ended {Status}")]
    public static partial void ExecutionEnded(ILogger logger, string job, Guid execution, string status);

    [LoggerMessage(EventId = BatchEventIds.StepFailed, Level = LogLevel.Error, Message = "Job {Job} execution {Execution} failed in step {Step}")]
    public static partial void StepFailed(ILogger logger, Exception exception, string job, Guid execution, string step);

    [LoggerMessage(EventId = BatchEventIds.LeaseLost, Level = LogLevel.Warning, Message = "Lost the lease on {What}; another node continues the work")]
    public static partial void LeaseLost(ILogger logger, string what);

    [LoggerMessage(EventId = BatchEventIds.PartitionFailed, Level = LogLevel.Warning, Message = "Partition {Partition} of step {Step} failed")]
    public static partial void PartitionFailed(ILogger logger, Exception exception, string step, string partition);

    [LoggerMessage(EventId = BatchEventIds.ScheduleSkipped, Level = LogLevel.Warning, Message = "Scheduled run of job {Job} not started: {Reason}")]
    public static partial void ScheduleSkipped(ILogger logger, string job, string reason);

    [LoggerMessage(EventId = BatchEventIds.WorkerFailed, Level = LogLevel.Error, Message = "Batch worker loop failed; retrying after the poll interval")]
    public static partial void WorkerFailed(ILogger logger, Exception exception);
}
