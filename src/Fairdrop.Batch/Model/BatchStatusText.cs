namespace Fairdrop.Batch.Model;

/// <summary>The stored spelling of <see cref="BatchStatus"/>.</summary>
internal static class BatchStatusText
{
    public const string Pending = "pending";
    public const string Started = "started";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Paused = "paused";

    public static string ToText(this BatchStatus status) => status switch
    {
        BatchStatus.Pending => Pending,
        BatchStatus.Started => Started,
        BatchStatus.Completed => Completed,
        BatchStatus.Paused => Paused,
        _ => Failed,
    };

    public static BatchStatus Parse(string text) => text switch
    {
        Pending => BatchStatus.Pending,
        Started => BatchStatus.Started,
        Completed => BatchStatus.Completed,
        Failed => BatchStatus.Failed,
        Paused => BatchStatus.Paused,
        _ => throw new InvalidOperationException($"Unknown batch status '{text}'."),
    };
}
