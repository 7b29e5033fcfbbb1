using System.Diagnostics;
using System.Globalization;
using Dapper;
using Fairdrop.Batch.Model;
using Fairdrop.Batch.Running;
using Fairdrop.Batch.Steps;
using Fairdrop.Batch.Writers;
using Fairdrop.Core;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Storage.Migrations;
using Fairdrop.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fairdrop.Scenarios.Batch;

/// <summary>
/// <c>fairdrop-bench batch</c>: items through a chunked step (reader, processor, bulk writer, checkpoint and
/// lease renewal per chunk) versus a hand-written single-transaction prepared-statement insert loop, same table shape.
/// </summary>
internal sealed class BatchBenchmark : IAsyncDisposable
{
    private const string Job = "bench-batch";
    private const string FrameworkTable = "bench_batch_framework";
    private const string BaselineTable = "bench_batch_baseline";
    private const int ChunkSize = 10_000;

    private readonly ServiceProvider _services;

    public BatchBenchmark(IReadOnlyDictionary<string, string?> settings)
    {
        var configuration = FairdropConfiguration.BuildForCommand(settings);
        var services = new ServiceCollection().AddLogging(l => l.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
        services.AddFairdropCore(configuration).AddFairdropBatch(configuration);
        var table = new BulkTable<BenchItem>(FrameworkTable, [new("seq", i => i.Seq), new("label", i => i.Label)]);
        services.AddBatchJob(Job, job => job
            .Parameter("items", required: true)
            .Parameter("run", required: true)
            .Chunk<long, BenchItem>("load", step => step
                .ChunkSize(ChunkSize)
                .Reader(context => new SequenceReader(long.Parse(context.Parameters["items"]!, CultureInfo.InvariantCulture)))
                .Processor((seq, _) => ValueTask.FromResult(new BenchItem(seq, Label(seq))))
                .Writer(_ => new BulkInsertWriter<BenchItem>(table))));
        _services = services.BuildServiceProvider();
    }

    private DbConnectionFactory Connections => _services.GetRequiredService<DbConnectionFactory>();

    public async Task<BatchBenchmarkResult> RunAsync(int items, Action<string> progress, CancellationToken cancellationToken)
    {
        await _services.GetRequiredService<MigrationRunner>().ApplyAsync(cancellationToken);
        progress("warming up");
        await RecreateAsync(cancellationToken);
        await TimeFrameworkAsync(Math.Min(items, 20_000), cancellationToken);
        await TimeBaselineAsync(Math.Min(items, 20_000), cancellationToken);
        var baseline = TimeSpan.MaxValue;
        var framework = TimeSpan.MaxValue;
        long written = 0;
        for (var round = 0; round < 2; round++)
        {
            await RecreateAsync(cancellationToken);
            progress($"round {round + 1}/2: baseline");
            var b = await TimeBaselineAsync(items, cancellationToken);
            progress($"round {round + 1}/2: batch framework");
            var (f, execution) = await TimeFrameworkAsync(items, cancellationToken);
            baseline = b < baseline ? b : baseline;
            framework = f < framework ? f : framework;
            written = execution.Counts.Written;
        }

        var counts = (await CountAsync(FrameworkTable, cancellationToken), await CountAsync(BaselineTable, cancellationToken));
        await DropAsync(cancellationToken);
        return new BatchBenchmarkResult(Connections.Dialect.Name, items, items / framework.TotalSeconds, items / baseline.TotalSeconds, written, counts);
    }

    private async Task<(TimeSpan, JobExecution)> TimeFrameworkAsync(int items, CancellationToken cancellationToken)
    {
        await ExecuteAsync($"DELETE FROM {FrameworkTable}", cancellationToken);
        var parameters = JobParameters.Empty.With("items", items.ToString(CultureInfo.InvariantCulture)).With("run", Guid.NewGuid().ToString("N"));
        var clock = Stopwatch.StartNew();
        var result = await _services.GetRequiredService<JobLauncher>().RunAsync(Job, parameters, rerun: false, cancellationToken);
        var elapsed = clock.Elapsed;
        var execution = result.Value ?? throw new InvalidOperationException(result.Error!.Message);
        return execution.Status == BatchStatus.Completed ? (elapsed, execution) : throw new InvalidOperationException(execution.ExitMessage);
    }

    private async Task<TimeSpan> TimeBaselineAsync(int items, CancellationToken cancellationToken)
    {
        await ExecuteAsync($"DELETE FROM {BaselineTable}", cancellationToken);
        await using var connection = await Connections.OpenAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {BaselineTable} (seq, label) VALUES (@seq, @label)";
        var (seq, label) = command is NpgsqlCommand npgsql
            ? ((System.Data.Common.DbParameter)npgsql.Parameters.Add("seq", NpgsqlTypes.NpgsqlDbType.Bigint), (System.Data.Common.DbParameter)npgsql.Parameters.Add("label", NpgsqlTypes.NpgsqlDbType.Text))
            : (((SqliteCommand)command).Parameters.Add("@seq", SqliteType.Integer), ((SqliteCommand)command).Parameters.Add("@label", SqliteType.Text));
        await command.PrepareAsync(cancellationToken);
        for (long i = 0; i < items; i++)
        {
            seq.Value = i;
            label.Value = Label(i);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return clock.Elapsed;
    }

    private static string Label(long seq) => "item-" + seq.ToString(CultureInfo.InvariantCulture);

    private async Task RecreateAsync(CancellationToken cancellationToken)
    {
        await DropAsync(cancellationToken);
        foreach (var table in new[] { FrameworkTable, BaselineTable })
        {
            await ExecuteAsync($"CREATE TABLE {table} (seq BIGINT PRIMARY KEY, label TEXT NOT NULL)", cancellationToken);
        }
    }

    private Task DropAsync(CancellationToken cancellationToken) =>
        ExecuteAsync($"DROP TABLE IF EXISTS {FrameworkTable}; DROP TABLE IF EXISTS {BaselineTable};", cancellationToken);

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await Connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: cancellationToken));
    }

    private async Task<long> CountAsync(string table, CancellationToken cancellationToken)
    {
        await using var connection = await Connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {table}", cancellationToken: cancellationToken));
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private sealed record BenchItem(long Seq, string Label);

    /// <summary>The numbers 0..count-1, by keyset on the number itself.</summary>
    private sealed class SequenceReader(long count) : IItemReader<long>
    {
        public Task<IReadOnlyList<long>> ReadAsync(string? after, int size, CancellationToken cancellationToken)
        {
            var from = after is null ? 0 : long.Parse(after, CultureInfo.InvariantCulture) + 1;
            var items = new List<long>(size);
            for (var i = from; i < count && items.Count < size; i++)
            {
                items.Add(i);
            }

            return Task.FromResult<IReadOnlyList<long>>(items);
        }

        public string PositionOf(long item) => item.ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>Figures of one batch benchmark run.</summary>
internal sealed record BatchBenchmarkResult(string Provider, int Items, double ItemsPerSecond, double BaselineItemsPerSecond, long Written, (long Framework, long Baseline) Counts)
{
    public double Ratio => ItemsPerSecond / BaselineItemsPerSecond;
}
