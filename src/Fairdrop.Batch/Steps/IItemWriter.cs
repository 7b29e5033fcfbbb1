namespace Fairdrop.Batch.Steps;

/// <summary>Writes a chunk inside the chunk's transaction, which also commits the checkpoint: exactly once.</summary>
public interface IItemWriter<T>
{
    Task WriteAsync(IReadOnlyList<T> items, ChunkTransaction transaction, CancellationToken cancellationToken);
}
