using Fairdrop.Batch.Definition;
using Fairdrop.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Restock.Rounds;

/// <summary>
/// The batch job a very large wave is on PostgreSQL (<see cref="PartitionedWave"/>): one instance per round and wave,
/// a partitioned step <c>alerts</c> whose partitions are keyset ranges of the wave, claimed by every node's worker,
/// each under its own lease and checkpoint, written as the round's own chunks are.
/// </summary>
public static class WaveJob
{
    public const string Name = "restock-wave";
    public const string RoundParameter = "round";
    public const string WaveParameter = "wave";
    public const string RangesParameter = "ranges";

    internal static void Define(JobBuilder job, int threads) => job
        .Describe("Writes one partitioned wave of a restock round, range by range, on every node.")
        .Parameter(RoundParameter, required: true, isValid: s => Guid.TryParse(s, out _), description: "The round (restock_rounds.id).")
        .Parameter(WaveParameter, required: true, isValid: s => long.TryParse(s, out _), description: "The wave's number in its round.")
        .Parameter(RangesParameter, required: true, identifying: false, description: "The wave's keyset ranges, as its round cut them.")
        .Partitioned<RoundCandidate, RoundCandidate>(RoundJob.Step, WaveRange.Split, threads, step => step
            .ChunkSize(RoundJob.ChunkSizeOf)
            .Reader(context => new WaveRangeReader(
                context.Services.GetRequiredService<DbConnectionFactory>(),
                context.Services.GetRequiredService<TimeProvider>(),
                Guid.Parse(context.Parameters[RoundParameter]!),
                WaveRange.Of(context.Partition!)))
            .Writer(RoundWriter.Create)
            .RetryOn<TimeoutException>(maxRetries: 3));
}
