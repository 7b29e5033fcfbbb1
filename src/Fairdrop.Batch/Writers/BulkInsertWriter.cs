using System.Text;
using Fairdrop.Batch.Steps;
using Fairdrop.Core.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Fairdrop.Batch.Writers;

/// <summary>
/// Inserts a chunk into a table inside the chunk's transaction: binary COPY on PostgreSQL, prepared multi-row
/// INSERTs on SQLite. The same fast paths as Core's <see cref="BulkWriter"/>, but on the caller's transaction.
/// </summary>
public sealed class BulkInsertWriter<T>(BulkTable<T> table) : IItemWriter<T>
{
    private const int SqliteRowsPerStatement = 64;

    public Task WriteAsync(IReadOnlyList<T> items, ChunkTransaction transaction, CancellationToken cancellationToken) => transaction.Connection switch
    {
        NpgsqlConnection npgsql => CopyAsync(npgsql, items, cancellationToken),
        SqliteConnection sqlite => InsertAsync(sqlite, (SqliteTransaction)transaction.Transaction, items, cancellationToken),
        _ => throw new NotSupportedException($"Bulk insert does not support {transaction.Connection.GetType().Name}."),
    };

    private async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<T> items, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", table.Columns.Select(c => c.Name));
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {table.Table} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var item in items)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var column in table.Columns)
            {
                if (column.Value(item) is { } value)
                {
                    await importer.WriteAsync(value, cancellationToken);
                }
                else
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<T> items, CancellationToken cancellationToken)
    {
        var width = table.Columns.Count;
        var full = items.Count / SqliteRowsPerStatement;
        if (full > 0)
        {
            await using var batch = CreateInsert(connection, transaction, SqliteRowsPerStatement);
            for (var b = 0; b < full; b++)
            {
                Bind(batch, items, b * SqliteRowsPerStatement, SqliteRowsPerStatement, width);
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        var rest = items.Count - (full * SqliteRowsPerStatement);
        if (rest > 0)
        {
            await using var tail = CreateInsert(connection, transaction, rest);
            Bind(tail, items, full * SqliteRowsPerStatement, rest, width);
            await tail.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private void Bind(SqliteCommand command, IReadOnlyList<T> items, int start, int count, int width)
    {
        var parameters = command.Parameters;
        for (var r = 0; r < count; r++)
        {
            var item = items[start + r];
            for (var c = 0; c < width; c++)
            {
                parameters[(r * width) + c].Value = table.Columns[c].Value(item) switch
                {
                    null => DBNull.Value,
                    Guid guid => guid.ToString("D"),
                    var value => value,
                };
            }
        }
    }

    private SqliteCommand CreateInsert(SqliteConnection connection, SqliteTransaction transaction, int rows)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder("INSERT INTO ").Append(table.Table).Append(" (").AppendJoin(", ", table.Columns.Select(c => c.Name)).Append(") VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var name = $"$p{(r * table.Columns.Count) + c}";
                sql.Append(c == 0 ? name : ", " + name);
                command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
            }

            sql.Append(')');
        }

        command.CommandText = sql.ToString();
        command.Prepare();
        return command;
    }
}
