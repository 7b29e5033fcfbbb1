using Fairdrop.Batch.Running;

namespace Fairdrop.Batch.Steps;

/// <summary>A step that is one piece of work rather than a stream of items; it runs again in full on restart.</summary>
public sealed class TaskStep(string name, Func<StepContext, CancellationToken, Task> work) : StepDefinition(name)
{
    internal override Task RunAsync(StepRun run, CancellationToken cancellationToken) => work(run.Context, cancellationToken);
}
