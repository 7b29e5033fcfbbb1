namespace Fairdrop.Batch.Steps;

/// <summary>
/// Reads items in a stable order by keyset: the next <c>count</c> items after a position. Restartable by
/// construction: the framework stores the position of the last committed item and resumes after it.
/// </summary>
public interface IItemReader<T>
{
    /// <summary>Up to <paramref name="count"/> items after <paramref name="after"/> (null: from the start); fewer means the end.</summary>
    Task<IReadOnlyList<T>> ReadAsync(string? after, int count, CancellationToken cancellationToken);

    /// <summary>The position of an item, stored as the checkpoint once its chunk commits.</summary>
    string PositionOf(T item);
}
