using System.Data.Common;
using System.Text;

namespace Fairdrop.Restock.Storage;

/// <summary>
/// A prepared multi-row <c>INSERT ... ON CONFLICT DO NOTHING</c> reused for every full batch inside one
/// transaction: the cheapest idempotent bulk write both databases offer (COPY cannot skip conflicts).
/// </summary>
internal sealed class MultiRowInsert : IAsyncDisposable
{
    private const int ParametersPerStatement = 120;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly string _head;
    private readonly string _tail;
    private readonly int _width;
    private readonly int _rowsPerStatement;
    private readonly bool _sqlite;
    private readonly object?[] _buffer;
    private DbCommand? _full;
    private int _filled;

    public MultiRowInsert(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns, string conflict)
    {
        _connection = connection;
        _transaction = transaction;
        _width = columns.Count;
        _rowsPerStatement = Math.Max(1, ParametersPerStatement / _width);
        _head = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ";
        _tail = $" ON CONFLICT {conflict} DO NOTHING";
        _sqlite = connection.GetType().Name.StartsWith("Sqlite", StringComparison.Ordinal);
        _buffer = new object?[_rowsPerStatement * _width];
    }

    public long Written { get; private set; }

    public async ValueTask AddAsync(object?[] row, CancellationToken cancellationToken)
    {
        Array.Copy(row, 0, _buffer, _filled * _width, _width);
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

        await using var partial = Create(_filled);
        await ExecuteAsync(partial, _filled, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_full is not null)
        {
            await _full.DisposeAsync();
        }
    }

    private async Task ExecuteAsync(DbCommand command, int rows, CancellationToken cancellationToken)
    {
        for (var i = 0; i < rows * _width; i++)
        {
            command.Parameters[i].Value = ToDb(_buffer[i]);
        }

        Written += await command.ExecuteNonQueryAsync(cancellationToken);
        _filled = 0;
    }

    private DbCommand Create(int rows)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        var sql = new StringBuilder(_head);
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < _width; c++)
            {
                var name = "p" + ((r * _width) + c).ToString(System.Globalization.CultureInfo.InvariantCulture);
                sql.Append(c == 0 ? "@" : ", @").Append(name);
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

    private object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        Guid guid when _sqlite => guid.ToString("D"),
        DateTimeOffset at => at.ToUnixTimeMilliseconds(),
        _ => value,
    };
}
