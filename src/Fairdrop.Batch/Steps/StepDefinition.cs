using Fairdrop.Batch.Running;

namespace Fairdrop.Batch.Steps;

/// <summary>A step of a job: a chunk-oriented step, a plain task or a partitioned step.</summary>
public abstract class StepDefinition(string name)
{
    public string Name { get; } = name;

    /// <summary>Runs the step to its end, or to a pause (the returned value) that a later run of the same execution resumes.</summary>
    internal abstract Task<StepPause?> RunAsync(StepRun run, CancellationToken cancellationToken);
}
