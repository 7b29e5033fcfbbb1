using System.Globalization;
using Dapper;
using Fairdrop.Batch.Model;
using Fairdrop.Batch.Running;
using Fairdrop.Core.Storage;
using Fairdrop.Restock.Planning;

namespace Fairdrop.Restock.Rounds;

/// <summary>
/// A very large wave on PostgreSQL, written by every node: split after the round's checkpoint into keyset ranges
/// (one scan of the wave's keys), each a partition of the job <c>restock-wave</c> that any node's batch worker claims
/// under its own lease and checkpoint. The round's node manages the wave job and writes partitions too; when it is
/// done, the round's checkpoint moves to the wave's last subscription in one more chunk (<see cref="SliceKind.WaveEnd"/>).
/// </summary>
internal sealed class PartitionedWave(DbConnectionFactory connections, TimeProvider time, RestockOptions options, JobLauncher launcher)
{
    /// <summary>True for a wave of at least <see cref="RestockOptions.PartitionWavesFrom"/> alerts on a database several nodes share.</summary>
    public bool Applies(Round round) =>
        connections.Dialect.Name != "sqlite" && round.WaveRemaining is { } remaining && remaining + (round.WaveDone ?? 0) >= options.PartitionWavesFrom;

    /// <summary>Writes the open wave through its partitions; returns the wave's end for the round's checkpoint, or null when no one is left.</summary>
    public async Task<RoundCandidate?> WriteAsync(Round round, RestockPolicy policy, RoundCursor? after, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The wave's size: what it still owes plus what its partitions wrote before a restart.
        var size = round.WaveRemaining!.Value + (round.WaveDone ?? 0);
        var (ranges, found) = await SplitAsync(round, policy.Order, after, size, now, cancellationToken);
        if (ranges.Count == 0)
        {
            return null;
        }

        await RunAsync(JobParameters.Empty
            .With(WaveJob.RoundParameter, round.Id.ToString("D"))
            .With(WaveJob.WaveParameter, (round.Waves + 1).ToString(CultureInfo.InvariantCulture))
            .With(WaveJob.RangesParameter, WaveRange.Encode(ranges)), cancellationToken);
        var last = ranges[^1].To;
        var end = new CandidateRow(last.Id, last.Tier, last.Created, string.Empty, string.Empty, null, null, Guid.Empty);
        return new RoundCandidate(end, new WaveSlice(round, policy, 1, new Dictionary<string, long>(StringComparer.Ordinal)) { Kind = SliceKind.WaveEnd, Exhausted = found < size });
    }

    /// <summary>
    /// The wave's keys after the checkpoint, cut every size ÷ <see cref="RestockOptions.WavePartitions"/>. Alerted
    /// subscriptions stay candidates and the checkpoint does not move during the wave, so a restart cuts the same ranges
    /// (and the wave job's partitions, created once, are what count).
    /// </summary>
    private async Task<(List<WaveRange> Ranges, long Found)> SplitAsync(
        Round round, OrderPolicy order, RoundCursor? after, long size, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var per = (long)Math.Ceiling(size / (double)options.WavePartitions);
        var ranges = new List<WaveRange>(options.WavePartitions);
        var from = after;
        RoundCursor last = default;
        long found = 0;
        await using var connection = await connections.OpenAsync(cancellationToken);
        var keys = connection.QueryUnbufferedAsync<CandidateKey>(
            CandidateQuery.Sql(order, after is not null, columns: CandidateKey.Columns),
            new { productId = round.ProductId, now, until = round.AudienceUntil, cursorTier = after?.Tier, cursorCreated = after?.Created, cursorId = after?.Id, limit = size });
        await foreach (var key in keys.WithCancellation(cancellationToken))
        {
            last = key.Cursor;
            if (++found % per == 0)
            {
                ranges.Add(new WaveRange(from, last, found - per));
                from = last;
            }
        }

        if (found % per != 0)
        {
            ranges.Add(new WaveRange(from, last, found - (found % per)));
        }

        return (ranges, found);
    }

    private async Task RunAsync(JobParameters parameters, CancellationToken cancellationToken)
    {
        while (true)
        {
            var prepared = await launcher.PrepareAsync(WaveJob.Name, parameters, rerun: false, cancellationToken);
            if (prepared.TryGetValue(out var ready, out var error))
            {
                var execution = await launcher.ExecuteAsync(ready, cancellationToken);
                if (execution.Status != BatchStatus.Completed)
                {
                    throw new InvalidOperationException($"Wave job {execution.Id} ended {execution.Status}: {execution.ExitMessage}");
                }

                return;
            }

            if (error.Code == BatchErrorCodes.AlreadyCompleted)
            {
                return;
            }

            // The wave's manager died on another node and its lease has not lapsed yet; workers go on claiming its partitions meanwhile.
            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
        }
    }
}
