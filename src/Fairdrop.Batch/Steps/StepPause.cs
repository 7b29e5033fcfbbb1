namespace Fairdrop.Batch.Steps;

/// <summary>
/// A chunk step's reader has nothing to read yet: the execution pauses with its checkpoint, releases its lease and
/// resumes at <see cref="Until"/> (null: when woken through <see cref="Running.JobLauncher.WakeAsync"/>).
/// </summary>
public sealed record StepPause(DateTimeOffset? Until, string Reason);
