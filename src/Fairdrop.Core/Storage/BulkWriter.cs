using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Fairdrop.Core.Storage;

/// <summary>
/// Inserts many rows at once, in one transaction: binary COPY on PostgreSQL; on SQLite a prepared
/// multi-row INSERT reused for every batch, the fastest path SQLite offers.
/// </summary>
public sealed class BulkWriter(DbConnectionFactory connections)
{
    // Parameters bound per statement. Measured (fairdrop-bench storage): a few rows per statement cut the
    // per-execute overhead; many more lose it again, as SQLite looks each parameter up by name on every bind.
    private const int SqliteParametersPerStatement = 32;

    public async Task<long> InsertAsync<T>(BulkTable<T> table, IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var count = await InsertAsync(connection, transaction, table, rows, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    /// <summary>The same fast paths inside the caller's transaction, which the caller commits (a batch chunk, say).</summary>
    public static Task<long> InsertAsync<T>(DbConnection connection, DbTransaction transaction, BulkTable<T> table, IEnumerable<T> rows, CancellationToken cancellationToken) =>
        connection switch
        {
            NpgsqlConnection npgsql => CopyAsync(npgsql, table, rows, cancellationToken),
            SqliteConnection sqlite => InsertSqliteAsync(sqlite, (SqliteTransaction)transaction, table, rows, cancellationToken),
            _ => throw new NotSupportedException($"Bulk insert does not support {connection.GetType().Name}."),
        };

    private static async Task<long> CopyAsync<T>(NpgsqlConnection connection, BulkTable<T> table, IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", table.Columns.Select(c => c.Name));
        long count;
        await using (var importer = await connection.BeginBinaryImportAsync($"COPY {table.Table} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                foreach (var column in table.Columns)
                {
                    var value = column.Value(row);
                    if (value is null)
                    {
                        await importer.WriteNullAsync(cancellationToken);
                    }
                    else
                    {
                        await importer.WriteAsync(value, cancellationToken);
                    }
                }
            }

            count = (long)await importer.CompleteAsync(cancellationToken);
        }

        return count;
    }

    private static async Task<long> InsertSqliteAsync<T>(SqliteConnection connection, SqliteTransaction transaction, BulkTable<T> table, IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var width = table.Columns.Count;
        var rowsPerStatement = Math.Max(1, SqliteParametersPerStatement / width);
        await using var batch = CreateInsert(connection, transaction, table, rowsPerStatement);
        var parameters = batch.Parameters;
        var filled = 0;
        long count = 0;
        foreach (var row in rows)
        {
            var offset = filled * width;
            for (var c = 0; c < width; c++)
            {
                parameters[offset + c].Value = ToSqlite(table.Columns[c].Value(row));
            }

            if (++filled == rowsPerStatement)
            {
                await batch.ExecuteNonQueryAsync(cancellationToken);
                count += filled;
                filled = 0;
            }
        }

        if (filled > 0)
        {
            // The tail goes through a statement sized to it rather than padding the full one.
            await using var tail = CreateInsert(connection, transaction, table, filled);
            for (var i = 0; i < filled * width; i++)
            {
                tail.Parameters[i].Value = parameters[i].Value;
            }

            await tail.ExecuteNonQueryAsync(cancellationToken);
            count += filled;
        }

        return count;
    }

    private static SqliteCommand CreateInsert<T>(SqliteConnection connection, SqliteTransaction transaction, BulkTable<T> table, int rowCount)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder("INSERT INTO ").Append(table.Table).Append(" (")
            .AppendJoin(", ", table.Columns.Select(c => c.Name)).Append(") VALUES ");
        for (var r = 0; r < rowCount; r++)
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

    private static object ToSqlite(object? value) => value switch
    {
        null => DBNull.Value,
        Guid guid => guid.ToString("D"),
        _ => value,
    };
}
