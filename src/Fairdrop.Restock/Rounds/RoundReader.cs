using Dapper;
using Fairdrop.Batch.Steps;
using Fairdrop.Core.Storage;
using Fairdrop.Restock.Planning;

namespace Fairdrop.Restock.Rounds;

/// <summary>
/// Reads a round's waiting subscriptions in its order policy, after the execution's checkpoint (the round's cursor),
/// at most what the open wave still owes. Between waves it opens the next one when due; otherwise it asks the step
/// to pause: until the next wave is due, or, sold out, until a restock wakes the round.
/// </summary>
internal sealed class RoundReader(DbConnectionFactory connections, TimeProvider time, WaveOpener waves, PartitionedWave partitioned, Guid roundId, StepFence fence)
    : IItemReader<RoundCandidate>, IPausingReader
{
    private Dictionary<string, long>? _sent;
    private long _sentWave;

    public StepPause? Pause { get; private set; }

    public async Task<IReadOnlyList<RoundCandidate>> ReadAsync(string? after, int count, CancellationToken cancellationToken)
    {
        Pause = null;
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        var round = await RoundStore.GetAsync(connection, null, roundId, cancellationToken);
        if (round.Status is Round.Completed or Round.Cancelled)
        {
            return [];
        }

        if (round.Status == Round.Paused)
        {
            Pause = SoldOut;
            return [];
        }

        var policy = RoundPolicy.Of(round);
        if (round.WaveRemaining is null)
        {
            if (round.NextWaveAt > now)
            {
                Pause = new StepPause(round.NextWaveAt, $"wave {round.Waves + 1} is due at {round.NextWaveAt:u}");
                return [];
            }

            if (await waves.OpenAsync(round, policy, fence, now, cancellationToken) is not { } opened)
            {
                Pause = SoldOut;
                return [];
            }

            if (opened.WaveRemaining is null)
            {
                Pause = new StepPause(opened.NextWaveAt, $"the stock is held; wave {opened.Waves + 1} waits until {opened.NextWaveAt:u}");
                return [];
            }

            round = opened;
        }

        if (partitioned.Applies(round))
        {
            if (await partitioned.WriteAsync(round, policy, RoundCursor.Parse(after), now, cancellationToken) is { } end)
            {
                return [end];
            }

            await CompleteAsync(round, now, cancellationToken);
            return [];
        }

        // Read before the chunk's write transaction (on SQLite, the file's one write lock): the round's execution holds
        // the lease, so its checkpoint cannot move meanwhile, and the chunk's commit fails if the lease was lost.
        var want = (int)Math.Min(count, round.WaveRemaining!.Value);
        var cursor = RoundCursor.Parse(after);
        var rows = (await connection.QueryAsync<CandidateRow>(new CommandDefinition(
            CandidateQuery.Sql(policy.Order, cursor is not null),
            new { productId = round.ProductId, now, until = round.AudienceUntil, cursorTier = cursor?.Tier, cursorCreated = cursor?.Created, cursorId = cursor?.Id, limit = want },
            cancellationToken: cancellationToken))).AsList();
        if (rows.Count == 0)
        {
            await CompleteAsync(round, now, cancellationToken);
            return [];
        }

        var slice = new WaveSlice(round, policy, want, SpacingOf(round));
        return rows.ConvertAll(row => new RoundCandidate(row, slice));
    }

    public string PositionOf(RoundCandidate item) => RoundCursor.Of(item.Row).ToString();

    private static StepPause SoldOut => new(null, "sold out: the next restock resumes the round");

    /// <summary>Spacing per channel carries on across a wave's chunks; after a restart it starts conservatively from the wave's count.</summary>
    private Dictionary<string, long> SpacingOf(Round round)
    {
        if (_sent is null || _sentWave != round.Waves + 1)
        {
            var done = round.WaveDone ?? 0;
            _sent = new Dictionary<string, long>(StringComparer.Ordinal) { ["email"] = done, ["sms"] = done, ["in_app"] = done, ["web_push"] = done };
            _sentWave = round.Waves + 1;
        }

        return _sent;
    }

    /// <summary>The audience ran out exactly at a chunk's edge: no chunk is left to end the round, so it ends here.</summary>
    private async Task CompleteAsync(Round round, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        await fence.HoldAsync(new ChunkTransaction(connection, write.Transaction, connections.Dialect), cancellationToken);
        await RoundStore.CompleteAsync(connection, write.Transaction, round, 0, now, cancellationToken);
        await write.CommitAsync(cancellationToken);
    }
}
