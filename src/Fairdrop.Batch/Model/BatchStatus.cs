namespace Fairdrop.Batch.Model;

/// <summary>Where a job execution, step execution or partition stands; stored as lower-case text.</summary>
public enum BatchStatus
{
    /// <summary>Created, waiting for a worker (partitions only).</summary>
    Pending,

    /// <summary>Running on the node that holds the lease.</summary>
    Started,

    /// <summary>Finished; a completed job instance does not run again unless asked.</summary>
    Completed,

    /// <summary>Stopped by an error; restartable from its checkpoint.</summary>
    Failed,

    /// <summary>
    /// Waiting with its checkpoint and no lease until a time, or until woken (<see cref="Steps.StepPause"/>); the same
    /// execution then resumes. A step's reader asks for it.
    /// </summary>
    Paused,
}
