using Fairdrop.Batch.Model;
using Fairdrop.Batch.Running;

namespace Fairdrop.Batch.Steps;

/// <summary>
/// Splits a chunk step's work into partitions that workers (threads here, and other processes sharing the
/// database) claim one at a time, each with its own lease and checkpoint.
/// </summary>
public sealed class PartitionedStep(string name, Func<JobParameters, IReadOnlyList<PartitionSpec>> partitioner, StepDefinition worker, int threads)
    : StepDefinition(name)
{
    public StepDefinition Worker { get; } = worker;

    /// <summary>Worker threads this process runs for the step; other processes add their own.</summary>
    public int Threads { get; } = Math.Max(1, threads);

    internal IReadOnlyList<PartitionSpec> Split(JobParameters parameters) => partitioner(parameters);

    internal override async Task<StepPause?> RunAsync(StepRun run, CancellationToken cancellationToken)
    {
        await run.Runtime.Partitions.RunManagerAsync(this, run, cancellationToken);
        return null;
    }
}
