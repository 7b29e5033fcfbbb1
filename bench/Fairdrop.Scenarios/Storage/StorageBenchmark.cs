using System.Diagnostics;
using System.Globalization;
using Dapper;
using Fairdrop.Core.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Fairdrop.Scenarios.Storage;

/// <summary>
/// <c>fairdrop-bench storage</c>: inserts small rows through <see cref="BulkWriter"/> and through a
/// hand-written single-transaction prepared-statement loop (the baseline) on the same database.
/// </summary>
internal sealed class StorageBenchmark(DbConnectionFactory connections, BulkWriter writer)
{
    private const string LayerTable = "bench_storage_layer";
    private const string BaselineTable = "bench_storage_baseline";

    private static readonly BulkTable<BenchRow> Table = new(LayerTable,
    [
        new("id", r => r.Id),
        new("seq", r => r.Seq),
        new("label", r => r.Label),
    ]);

    public async Task<StorageBenchmarkResult> RunAsync(int rows, Action<string> progress, CancellationToken cancellationToken)
    {
        await RecreateTablesAsync(cancellationToken);
        progress("warming up");
        await TimeLayerAsync(Math.Min(rows, 10_000), cancellationToken);
        await TimeBaselineAsync(Math.Min(rows, 10_000), cancellationToken);

        // Alternate the two so neither always runs on a warmer cache or a fuller file; keep each one's best.
        var baseline = TimeSpan.MaxValue;
        var layer = TimeSpan.MaxValue;
        for (var round = 0; round < 2; round++)
        {
            await RecreateTablesAsync(cancellationToken);
            progress($"round {round + 1}/2: baseline");
            var b = await TimeBaselineAsync(rows, cancellationToken);
            progress($"round {round + 1}/2: storage layer");
            var l = await TimeLayerAsync(rows, cancellationToken);
            baseline = b < baseline ? b : baseline;
            layer = l < layer ? l : layer;
        }

        var counts = await CountAsync(cancellationToken);
        await DropTablesAsync(cancellationToken);
        return new StorageBenchmarkResult(connections.Dialect.Name, rows, rows / baseline.TotalSeconds, rows / layer.TotalSeconds, counts);
    }

    private static IEnumerable<BenchRow> Rows(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new BenchRow(Guid.CreateVersion7(), i, "row-" + i.ToString(CultureInfo.InvariantCulture));
        }
    }

    private async Task<TimeSpan> TimeLayerAsync(int rows, CancellationToken cancellationToken)
    {
        await TruncateAsync(LayerTable, cancellationToken);
        var clock = Stopwatch.StartNew();
        await writer.InsertAsync(Table, Rows(rows), cancellationToken);
        return clock.Elapsed;
    }

    private async Task<TimeSpan> TimeBaselineAsync(int rows, CancellationToken cancellationToken)
    {
        await TruncateAsync(BaselineTable, cancellationToken);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {BaselineTable} (id, seq, label) VALUES (@id, @seq, @label)";
        var (id, seq, label) = AddParameters(command);
        await command.PrepareAsync(cancellationToken);
        foreach (var row in Rows(rows))
        {
            id.Value = connection is SqliteConnection ? row.Id.ToString("D") : row.Id;
            seq.Value = row.Seq;
            label.Value = row.Label;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return clock.Elapsed;
    }

    private static (System.Data.Common.DbParameter Id, System.Data.Common.DbParameter Seq, System.Data.Common.DbParameter Label) AddParameters(System.Data.Common.DbCommand command)
    {
        if (command is NpgsqlCommand npgsql)
        {
            // Typed parameters, as a careful hand-written Npgsql loop would declare them.
            var id = npgsql.Parameters.Add("id", NpgsqlTypes.NpgsqlDbType.Uuid);
            var seq = npgsql.Parameters.Add("seq", NpgsqlTypes.NpgsqlDbType.Bigint);
            var label = npgsql.Parameters.Add("label", NpgsqlTypes.NpgsqlDbType.Text);
            return (id, seq, label);
        }

        var sqlite = (SqliteCommand)command;
        return (sqlite.Parameters.Add("@id", SqliteType.Text), sqlite.Parameters.Add("@seq", SqliteType.Integer), sqlite.Parameters.Add("@label", SqliteType.Text));
    }

    private async Task RecreateTablesAsync(CancellationToken cancellationToken)
    {
        await DropTablesAsync(cancellationToken);
        await using var connection = await connections.OpenAsync(cancellationToken);
        foreach (var table in new[] { LayerTable, BaselineTable })
        {
            var sql = connections.Dialect.Render($"CREATE TABLE {table} (id {{{{uuid}}}} PRIMARY KEY, seq BIGINT NOT NULL, label TEXT NOT NULL)");
            await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: cancellationToken));
        }
    }

    private async Task DropTablesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition($"DROP TABLE IF EXISTS {LayerTable}; DROP TABLE IF EXISTS {BaselineTable};", cancellationToken: cancellationToken));
    }

    private async Task TruncateAsync(string table, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {table}", cancellationToken: cancellationToken));
    }

    private async Task<(long Layer, long Baseline)> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var layer = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {LayerTable}", cancellationToken: cancellationToken));
        var baseline = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {BaselineTable}", cancellationToken: cancellationToken));
        return (layer, baseline);
    }

    private sealed record BenchRow(Guid Id, long Seq, string Label);
}

/// <summary>Figures of one storage benchmark run.</summary>
internal sealed record StorageBenchmarkResult(string Database, int Rows, double BaselineRowsPerSecond, double LayerRowsPerSecond, (long Layer, long Baseline) Counts)
{
    public double Ratio => LayerRowsPerSecond / BaselineRowsPerSecond;
}
