using System.Data.Common;

namespace Fairdrop.Batch.Steps;

/// <summary>
/// A writer with work before its chunk's transaction and after it: encoding rows before the transaction, so a
/// database's one write lock (SQLite) is held for the writes alone, and handing on what it wrote once committed.
/// A staged writer's step does not scan a failed chunk item by item (no write skips).
/// </summary>
public interface IStagedItemWriter<T> : IItemWriter<T>
{
    /// <summary>
    /// Before each attempt's transaction begins on <paramref name="connection"/>, with the chunk's items;
    /// <see cref="IItemWriter{T}.WriteAsync"/> then gets the same items and a transaction on that connection.
    /// </summary>
    Task PrepareAsync(IReadOnlyList<T> items, DbConnection connection, CancellationToken cancellationToken);

    /// <summary>After the attempt's transaction: <paramref name="committed"/> false when it rolled back or failed.</summary>
    void Completed(bool committed);
}
