namespace Fairdrop.Batch.Model;

/// <summary>What a step (or one chunk of it) read, wrote, skipped, retried and committed.</summary>
public readonly record struct StepCounts(long Read, long Written, long Skipped, long Retried, long Committed)
{
    public static StepCounts operator +(StepCounts a, StepCounts b) =>
        new(a.Read + b.Read, a.Written + b.Written, a.Skipped + b.Skipped, a.Retried + b.Retried, a.Committed + b.Committed);
}
