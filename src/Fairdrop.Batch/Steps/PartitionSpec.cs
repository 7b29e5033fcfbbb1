using Fairdrop.Batch.Model;

namespace Fairdrop.Batch.Steps;

/// <summary>One slice of a partitioned step's work: a stable key and the parameters its reader uses.</summary>
public sealed record PartitionSpec(string Key, JobParameters Parameters);
