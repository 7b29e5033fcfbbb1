using Fairdrop.Batch.Steps;
using Fairdrop.Core.Storage;

namespace Fairdrop.Batch.Writers;

/// <summary>
/// Inserts a chunk into a table inside the chunk's transaction, through Core's <see cref="BulkWriter"/> fast
/// paths: binary COPY on PostgreSQL, prepared multi-row INSERTs on SQLite.
/// </summary>
public sealed class BulkInsertWriter<T>(BulkTable<T> table) : IItemWriter<T>
{
    public Task WriteAsync(IReadOnlyList<T> items, ChunkTransaction transaction, CancellationToken cancellationToken) =>
        BulkWriter.InsertAsync(transaction.Connection, transaction.Transaction, table, items, cancellationToken);
}
