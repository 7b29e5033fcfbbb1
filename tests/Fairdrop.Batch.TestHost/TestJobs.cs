using System.Globalization;
using Dapper;
using Fairdrop.Batch.Model;
using Fairdrop.Batch.Steps;
using Fairdrop.Batch.Writers;
using Fairdrop.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fairdrop.Batch.TestHost;

/// <summary>The jobs the crash and partition tests run: numbers written once each into <c>batch_test_items</c> (a primary key).</summary>
public static class TestJobs
{
    public const string Items = "test-items";
    public const string Parts = "test-parts";

    public static async Task CreateTableAsync(DbConnectionFactory connections, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS batch_test_items (item_id BIGINT PRIMARY KEY, partition_key TEXT NULL, worker TEXT NOT NULL)",
            cancellationToken: cancellationToken));
    }

    public static IServiceCollection AddTestJobs(this IServiceCollection services)
    {
        services.AddBatchJob(Items, job => job
            .Describe("Writes the numbers 0..count-1, each exactly once.")
            .Parameter("count", required: true, isValid: IsCount)
            .Parameter("delay_ms", identifying: false, isValid: IsCount)
            .Chunk<long>("write", step => step
                .ChunkSize(500)
                .Reader(context => new RangeReader(0, Number(context.Parameters, "count")))
                .Writer(Writer)));
        services.AddBatchJob(Parts, job => job
            .Describe("Writes partitions of numbers; several processes share the partitions.")
            .Parameter("partitions", required: true, isValid: IsCount)
            .Parameter("per", required: true, isValid: IsCount)
            .Parameter("delay_ms", identifying: false, isValid: IsCount)
            .Partitioned<long, long>("write", Split, threads: 1, step => step
                .ChunkSize(100)
                .Reader(context => new RangeReader(Number(context.Partition!.Parameters, "start"), Number(context.Partition.Parameters, "end")))
                .Writer(Writer)));
        return services;
    }

    private static IReadOnlyList<PartitionSpec> Split(JobParameters parameters)
    {
        var per = Number(parameters, "per");
        return Enumerable.Range(0, (int)Number(parameters, "partitions"))
            .Select(i => new PartitionSpec($"p{i:D3}", JobParameters.Empty.With("start", (i * per).ToString(CultureInfo.InvariantCulture)).With("end", ((i + 1) * per).ToString(CultureInfo.InvariantCulture))))
            .ToList();
    }

    private static DelayedWriter Writer(StepContext context)
    {
        var node = context.Services.GetRequiredService<IOptions<BatchOptions>>().Value.NodeName;
        var delay = context.Parameters["delay_ms"] is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : 0;
        var table = new BulkTable<long>("batch_test_items", [new("item_id", i => i), new("partition_key", _ => context.Partition?.Key), new("worker", _ => node)]);
        return new DelayedWriter(new BulkInsertWriter<long>(table), TimeSpan.FromMilliseconds(delay));
    }

    private static bool IsCount(string value) => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 100_000_000;

    private static long Number(JobParameters parameters, string name) => long.Parse(parameters[name]!, CultureInfo.InvariantCulture);

    /// <summary>Slows each chunk down inside its transaction, so a kill lands mid-chunk as often as between chunks.</summary>
    private sealed class DelayedWriter(IItemWriter<long> inner, TimeSpan delay) : IItemWriter<long>
    {
        public async Task WriteAsync(IReadOnlyList<long> items, ChunkTransaction transaction, CancellationToken cancellationToken)
        {
            await inner.WriteAsync(items, transaction, cancellationToken);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken);
            }
        }
    }
}
