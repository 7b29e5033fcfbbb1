using Fairdrop.Batch.Running;

namespace Fairdrop.Batch.Steps;

/// <summary>A step that is one piece of work rather than a stream of items; it runs again in full on restart.</summary>
public sealed class TaskStep(string name, Func<StepContext, CancellationToken, Task> work) : StepDefinition(name)
{
    internal override async Task<StepPause?> RunAsync(StepRun run, CancellationToken cancellationToken)
    {
        await work(run.Context, cancellationToken);
        return null;
    }
}
