namespace Fairdrop.Batch.Telemetry;

/// <summary>The batch framework's log event ids, 3000–3099 (docs/telemetry.md lists every module's range); an id means one thing only.</summary>
internal static class BatchEventIds
{
    public const int ExecutionStarted = 3001;
    public const int ExecutionEnded = 3002;
    public const int StepFailed = 3003;
    public const int LeaseLost = 3004;
    public const int PartitionFailed = 3005;
    public const int ScheduleSkipped = 3006;
    public const int WorkerFailed = 3007;
}
