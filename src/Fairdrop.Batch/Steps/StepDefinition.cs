using Fairdrop.Batch.Running;

namespace Fairdrop.Batch.Steps;

/// <summary>A step of a job: a chunk-oriented step, a plain task or a partitioned step.</summary>
public abstract class StepDefinition(string name)
{
    public string Name { get; } = name;

    internal abstract Task RunAsync(StepRun run, CancellationToken cancellationToken);
}
