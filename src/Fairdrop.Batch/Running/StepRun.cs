using Fairdrop.Batch.Steps;

namespace Fairdrop.Batch.Running;

/// <summary>One run of a step (or a partition of it) on this node: its context, where it checkpoints, and the runtime.</summary>
internal sealed record StepRun(StepContext Context, Guid InstanceId, Guid StepExecutionId, string Owner, CheckpointTarget Target, BatchRuntime Runtime)
{
    /// <summary>The step's context, with the fence of the lease this run holds.</summary>
    public StepContext Context { get; } = Context with { Fence = new StepFence(Target) };
}
