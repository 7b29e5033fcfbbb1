using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Json;

namespace Fairdrop.Core.Storage;

/// <summary>
/// An idempotent bulk <c>INSERT ... ON CONFLICT DO NOTHING</c> inside one transaction (COPY cannot skip conflicts).
/// PostgreSQL: a prepared multi-row <c>VALUES</c> statement of thousands of parameters, since every statement is a
/// round trip. SQLite: one JSON array parameter per batch unpacked by <c>jsonb_each</c>, since Microsoft.Data.Sqlite
/// binds every parameter by name at every execution and that binding, not the B-tree, was the cost (docs/restock.md, "Bulk writes").
/// <c>jsonb_each</c>, not <c>json_each</c>: the latter hands each row back as JSON text that <c>-&gt;&gt;</c> parses
/// again for every column; the binary form is read in place (100,000 eleven-column delivery rows: 16–24 → 8–14 µs a row).
/// </summary>
public sealed class MultiRowInsert : IAsyncDisposable
{
    private const int SqliteRowsPerStatement = 1_000;
    private const int PostgresParametersPerStatement = 8_000;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly string _head;
    private readonly string _tail;
    private readonly int _width;
    private readonly int _rowsPerStatement;
    private readonly bool _sqlite;
    private readonly object?[] _buffer;
    private readonly ArrayBufferWriter<byte> _json = new();
    private readonly Utf8JsonWriter _writer;
    private DbCommand? _full;
    private int _filled;

    public MultiRowInsert(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns, string conflict)
    {
        _connection = connection;
        _transaction = transaction;
        _width = columns.Count;
        _sqlite = connection.GetType().Name.StartsWith("Sqlite", StringComparison.Ordinal);
        _rowsPerStatement = _sqlite ? SqliteRowsPerStatement : Math.Max(1, PostgresParametersPerStatement / _width);
        _head = _sqlite
            ? $"INSERT INTO {table} ({string.Join(", ", columns)}) SELECT {string.Join(", ", columns.Select((_, i) => $"value ->> {i}"))} FROM jsonb_each(@rows) WHERE true"
            : $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ";
        _tail = $" ON CONFLICT {conflict} DO NOTHING";
        _buffer = _sqlite ? [] : new object?[_rowsPerStatement * _width];
        _writer = new Utf8JsonWriter(_json);
    }

    public long Written { get; private set; }

    public async ValueTask AddAsync(object?[] row, CancellationToken cancellationToken)
    {
        if (_sqlite)
        {
            WriteJson(row);
        }
        else
        {
            Array.Copy(row, 0, _buffer, _filled * _width, _width);
        }

        if (++_filled == _rowsPerStatement)
        {
            _full ??= Create(_rowsPerStatement);
            await ExecuteAsync(_full, _rowsPerStatement, cancellationToken);
        }
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_filled == 0)
        {
            return;
        }

        if (_sqlite)
        {
            _full ??= Create(_filled);
            await ExecuteAsync(_full, _filled, cancellationToken);
            return;
        }

        await using var partial = Create(_filled);
        await ExecuteAsync(partial, _filled, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        if (_full is not null)
        {
            await _full.DisposeAsync();
        }
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
                    _writer.WriteStringValue(guid.ToString("D"));
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
                default:
                    throw new ArgumentException($"Unsupported bulk value type {value.GetType()}.", nameof(row));
            }
        }

        _writer.WriteEndArray();
    }

    private async Task ExecuteAsync(DbCommand command, int rows, CancellationToken cancellationToken)
    {
        if (_sqlite)
        {
            _writer.WriteEndArray();
            await _writer.FlushAsync(cancellationToken);
            command.Parameters[0].Value = Encoding.UTF8.GetString(_json.WrittenSpan);
            _json.ResetWrittenCount();
            _writer.Reset();
        }
        else
        {
            for (var i = 0; i < rows * _width; i++)
            {
                command.Parameters[i].Value = ToDb(_buffer[i]);
            }
        }

        Written += await command.ExecuteNonQueryAsync(cancellationToken);
        _filled = 0;
    }

    private DbCommand Create(int rows)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        if (_sqlite)
        {
            var json = command.CreateParameter();
            json.ParameterName = "@rows";
            json.Value = "[]";
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
                parameter.Value = ToDb(_buffer[(r * _width) + c]);
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
