using Dapper;
using Fairdrop.Batch.Steps;
using Fairdrop.Core.Storage;
using Fairdrop.Restock.Planning;

namespace Fairdrop.Restock.Rounds;

/// <summary>Reads one partition of a wave: the round's candidates in its order, after the partition's checkpoint, up to its range's end.</summary>
internal sealed class WaveRangeReader(DbConnectionFactory connections, TimeProvider time, Guid roundId, WaveRange range) : IItemReader<RoundCandidate>
{
    private Dictionary<string, long>? _sent;
    private long _read;

    public async Task<IReadOnlyList<RoundCandidate>> ReadAsync(string? after, int count, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        var round = await RoundStore.GetAsync(connection, null, roundId, cancellationToken);
        var policy = RoundPolicy.Of(round);
        var from = RoundCursor.Parse(after) ?? range.From;
        var rows = (await connection.QueryAsync<CandidateRow>(new CommandDefinition(
            CandidateQuery.Sql(policy.Order, from is not null, hasEnd: true),
            new
            {
                productId = round.ProductId, now, until = round.AudienceUntil, cursorTier = from?.Tier, cursorCreated = from?.Created, cursorId = from?.Id,
                endTier = range.To.Tier, endCreated = range.To.Created, endId = range.To.Id, limit = count,
            },
            cancellationToken: cancellationToken))).AsList();
        if (rows.Count == 0)
        {
            return [];
        }

        // Channel spacing starts where the range starts in the wave, as a crashed wave restarts from its count.
        _sent ??= new Dictionary<string, long>(StringComparer.Ordinal) { ["email"] = range.Offset, ["sms"] = range.Offset, ["in_app"] = range.Offset, ["web_push"] = range.Offset };
        // Each partition's chunks get chunk numbers of their own (the alerts before the wave, plus the range's offset and progress).
        var chunk = round with { Alerted = round.Alerted - (round.WaveDone ?? 0) + range.Offset + _read };
        _read += rows.Count;
        var slice = new WaveSlice(chunk, policy, rows.Count, _sent) { Kind = SliceKind.Partition };
        return rows.ConvertAll(row => new RoundCandidate(row, slice));
    }

    public string PositionOf(RoundCandidate item) => RoundCursor.Of(item.Row).ToString();
}
