namespace Fairdrop.Core.Ids;

/// <summary>Creates time-sortable identifiers (UUID version 7) from the injected clock.</summary>
public sealed class IdGenerator(TimeProvider time)
{
    /// <summary>A new UUID v7: its leading 48 bits are the current Unix time in milliseconds, so ids sort by creation.</summary>
    public Guid NewId() => Guid.CreateVersion7(time.GetUtcNow());
}
