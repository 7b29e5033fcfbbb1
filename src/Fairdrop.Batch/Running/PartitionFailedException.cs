namespace Fairdrop.Batch.Running;

/// <summary>A partition of a partitioned step failed, which fails the step; a restart reopens that partition.</summary>
internal sealed class PartitionFailedException(string partition, string? message)
    : Exception($"Partition '{partition}' failed: {message}");
