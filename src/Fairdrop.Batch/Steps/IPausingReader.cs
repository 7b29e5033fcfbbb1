namespace Fairdrop.Batch.Steps;

/// <summary>
/// A reader that may ask its step to pause: when a read returns no items and <see cref="Pause"/> is set, the step
/// pauses instead of completing.
/// </summary>
public interface IPausingReader
{
    /// <summary>Set by the last read that returned nothing because the work has to wait; null when the work is done.</summary>
    StepPause? Pause { get; }
}
