using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Json;

namespace Fairdrop.Core.Storage;

/// <summary>
/// An idempotent bulk <c>INSERT ... ON CONFLICT DO NOTHING</c> (COPY cannot skip conflicts), in two steps: rows are
/// <see cref="Add">added</see> (encoded into statements) before a transaction needs to exist, then
/// <see cref="ExecuteAsync">executed</see> inside it. On SQLite, whose one write lock every writer queues for, the
/// encoding is thus done outside the lock (bench restock: a tenth of a chunk's time under the lock).
/// PostgreSQL: a prepared multi-row <c>VALUES</c> statement of thousands of parameters, since every statement is a
/// round trip. SQLite: one JSON array parameter per batch unpacked by <c>jsonb_each</c>, since Microsoft.Data.Sqlite
/// binds every parameter by name at every execution and that binding, not the B-tree, was the cost (docs/restock.md, "Bulk writes").
/// <c>jsonb_each</c>, not <c>json_each</c>: the latter hands each row back as JSON text that <c>-&gt;&gt;</c> parses
/// again for every column; the binary form is read in place (100,000 eleven-column delivery rows: 16–24 → 8–14 µs a row).
/// The JSON goes in as its UTF-8 bytes, <c>CAST</c> to text in the statement: bound as a .NET string it was made
/// UTF-16 outside the lock and turned back into UTF-8 by the binder inside it.
/// </summary>
public sealed class MultiRowInsert : IDisposable
{
    private const int SqliteRowsPerStatement = 1_000;
    private const int PostgresParametersPerStatement = 8_000;
    private readonly DbConnection _connection;
    private readonly string _head;
    private readonly string _tail;
    private readonly int _width;
    private readonly int _rowsPerStatement;
    private readonly bool _sqlite;
    private readonly ArrayBufferWriter<byte> _json = new();
    private readonly Utf8JsonWriter _writer;

    // Encoded statements waiting for ExecuteAsync: JSON arrays (SQLite) or parameter values (PostgreSQL), each full but the last.
    private readonly List<byte[]> _payloads = [];
    private readonly List<object?[]> _values = [];
    private int _filled;

    /// <param name="connection">The connection the statements run on.</param>
    /// <param name="table">The table.</param>
    /// <param name="columns">Its columns, in the order of every row's values.</param>
    /// <param name="conflict">The conflict target whose duplicates are skipped, e.g. <c>(merchant_id, dedupe_key)</c>.</param>
    /// <param name="returning">A column whose value <see cref="ExecuteReturningAsync"/> gives back for each row inserted.</param>
    /// <param name="binaryColumns">Columns whose values are byte arrays (SQLite: they travel in the JSON as hex).</param>
    public MultiRowInsert(DbConnection connection, string table, IReadOnlyList<string> columns, string conflict, string? returning = null, IReadOnlyCollection<string>? binaryColumns = null)
    {
        _connection = connection;
        _width = columns.Count;
        _sqlite = connection.GetType().Name.StartsWith("Sqlite", StringComparison.Ordinal);
        _rowsPerStatement = _sqlite ? SqliteRowsPerStatement : Math.Max(1, PostgresParametersPerStatement / _width);
        _head = _sqlite
            ? $"INSERT INTO {table} ({string.Join(", ", columns)}) SELECT {string.Join(", ", columns.Select((c, i) => binaryColumns?.Contains(c) == true ? $"unhex(value ->> {i})" : $"value ->> {i}"))} FROM jsonb_each(CAST(@rows AS TEXT)) WHERE true"
            : $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ";
        _tail = $" ON CONFLICT {conflict} DO NOTHING" + (returning is null ? string.Empty : $" RETURNING {returning}");
        _writer = new Utf8JsonWriter(_json);
    }

    /// <summary>Rows added and not executed yet.</summary>
    public int Pending { get; private set; }

    /// <summary>Encodes one row (copied: the caller may reuse the array).</summary>
    public void Add(object?[] row)
    {
        if (_sqlite)
        {
            WriteJson(row);
        }
        else
        {
            if (_filled == 0)
            {
                _values.Add(new object?[_rowsPerStatement * _width]);
            }

            Array.Copy(row, 0, _values[^1], _filled * _width, _width);
        }

        Pending++;
        if (++_filled == _rowsPerStatement)
        {
            EndStatement();
        }
    }

    /// <summary>Runs every statement added so far inside <paramref name="transaction"/>; returns the rows inserted (not skipped).</summary>
    public Task<long> ExecuteAsync(DbTransaction transaction, CancellationToken cancellationToken) =>
        RunAsync(transaction, (command, ct) => command.ExecuteNonQueryAsync(ct).ContinueWith(t => (long)t.Result, TaskScheduler.Default), cancellationToken);

    /// <summary>
    /// Runs every statement added so far inside <paramref name="transaction"/>; returns the <c>returning</c> column of the
    /// rows inserted (skipped duplicates return nothing), as the provider reads it (SQLite: UUIDs as text).
    /// </summary>
    public async Task<IReadOnlyList<object>> ExecuteReturningAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        var values = new List<object>(Pending);
        await RunAsync(transaction, async (command, ct) =>
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            long read = 0;
            while (await reader.ReadAsync(ct))
            {
                values.Add(reader.GetValue(0));
                read++;
            }

            return read;
        }, cancellationToken);
        return values;
    }

    private async Task<long> RunAsync(DbTransaction transaction, Func<DbCommand, CancellationToken, Task<long>> execute, CancellationToken cancellationToken)
    {
        if (_filled > 0)
        {
            EndStatement();
        }

        long written = 0;
        if (_sqlite)
        {
            if (_payloads.Count > 0)
            {
                await using var command = Create(transaction, 0, []);
                foreach (var payload in _payloads)
                {
                    command.Parameters[0].Value = payload;
                    written += await execute(command, cancellationToken);
                }
            }
        }
        else
        {
            written = await ExecutePostgresAsync(transaction, execute, cancellationToken);
        }

        _payloads.Clear();
        _values.Clear();
        Pending = 0;
        return written;
    }

    public void Dispose() => _writer.Dispose();

    private async Task<long> ExecutePostgresAsync(DbTransaction transaction, Func<DbCommand, CancellationToken, Task<long>> execute, CancellationToken cancellationToken)
    {
        long written = 0;
        DbCommand? full = null;
        try
        {
            for (var s = 0; s < _values.Count; s++)
            {
                var rows = s < _values.Count - 1 ? _rowsPerStatement : Pending - (s * _rowsPerStatement);
                if (rows == _rowsPerStatement)
                {
                    if (full is null)
                    {
                        full = Create(transaction, rows, _values[s]);
                    }
                    else
                    {
                        Bind(full, _values[s], rows);
                    }

                    written += await execute(full, cancellationToken);
                    continue;
                }

                await using var partial = Create(transaction, rows, _values[s]);
                written += await execute(partial, cancellationToken);
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }

        return written;
    }

    private void Bind(DbCommand command, object?[] values, int rows)
    {
        for (var i = 0; i < rows * _width; i++)
        {
            command.Parameters[i].Value = ToDb(values[i]);
        }
    }

    private void EndStatement()
    {
        if (_sqlite)
        {
            _writer.WriteEndArray();
            _writer.Flush();
            _payloads.Add(_json.WrittenSpan.ToArray());
            _json.ResetWrittenCount();
            _writer.Reset();
        }

        _filled = 0;
    }

    private void WriteJson(object?[] row)
    {
        if (_filled == 0)
        {
            _writer.WriteStartArray();
        }

        _writer.WriteStartArray();
        foreach (var value in row)
        {
            switch (value)
            {
                case null:
                    _writer.WriteNullValue();
                    break;
                case Guid guid:
                    WriteGuid(guid);
                    break;
                case DateTimeOffset at:
                    _writer.WriteNumberValue(at.ToUnixTimeMilliseconds());
                    break;
                case long number:
                    _writer.WriteNumberValue(number);
                    break;
                case int number:
                    _writer.WriteNumberValue(number);
                    break;
                case string text:
                    _writer.WriteStringValue(text);
                    break;
                case bool flag:
                    _writer.WriteNumberValue(flag ? 1 : 0);
                    break;
                case byte[] bytes:
                    _writer.WriteStringValue(Convert.ToHexString(bytes)); // a binary column: unhex() in the statement
                    break;
                default:
                    throw new ArgumentException($"Unsupported bulk value type {value.GetType()}.", nameof(row));
            }
        }

        _writer.WriteEndArray();
    }

    /// <summary>As the text UUIDs SQLite stores ("D" format), formatted on the stack rather than as a string per value.</summary>
    private void WriteGuid(Guid guid)
    {
        Span<char> text = stackalloc char[36];
        guid.TryFormat(text, out _, "D");
        _writer.WriteStringValue(text);
    }

    // PostgreSQL's parameters get their first values before Prepare, which types them from those values.
    private DbCommand Create(DbTransaction transaction, int rows, object?[] values)
    {
        var command = _connection.CreateCommand();
        command.Transaction = transaction;
        if (_sqlite)
        {
            var json = command.CreateParameter();
            json.ParameterName = "@rows";
            json.Value = "[]"u8.ToArray();
            command.Parameters.Add(json);
            command.CommandText = _head + _tail;
            command.Prepare();
            return command;
        }

        var sql = new StringBuilder(_head);
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < _width; c++)
            {
                var name = "@p" + ((r * _width) + c).ToString(System.Globalization.CultureInfo.InvariantCulture);
                sql.Append(c == 0 ? string.Empty : ", ").Append(name);
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = ToDb(values[(r * _width) + c]);
                command.Parameters.Add(parameter);
            }

            sql.Append(')');
        }

        command.CommandText = sql.Append(_tail).ToString();
        command.Prepare();
        return command;
    }

    private static object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset at => at.ToUnixTimeMilliseconds(),
        _ => value,
    };
}
