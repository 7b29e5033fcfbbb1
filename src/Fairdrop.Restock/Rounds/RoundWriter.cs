using System.Data.Common;
using Fairdrop.Batch.Steps;
using Fairdrop.Core.Ids;
using Fairdrop.Exchange;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Restock.Planning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fairdrop.Restock.Rounds;

/// <summary>
/// Writes a chunk of a round: plans it (quiet hours, channel spacing) and encodes its alerts (exchange deliveries keyed
/// by round and subscription) before the chunk's transaction (<see cref="AlertWriter.Prepare"/>), then, inside it, the
/// rows and the round's wave counts, which commit together with the execution's checkpoint (the round's cursor). The
/// counts add only the alerts that were new; the wave's remainder still falls by the subscriptions read, so a wave that
/// meets alerts written before (a cursor set back) ends where it did before. Deliveries due now are written claimed, as
/// many as this process's dispatch loops have room for, and handed to them once the chunk commits.
/// </summary>
internal sealed class RoundWriter(IdGenerator ids, TimeProvider time, ExchangeOptions exchange, DispatchHandoff handoff) : IStagedItemWriter<RoundCandidate>
{
    private readonly Dictionary<string, TimeZoneInfo> _zones = new(StringComparer.Ordinal);
    private AlertWriter? _alerts;
    private WaveSlice? _slice;
    private int _count;
    private int _reserved;
    private DateTimeOffset _now;

    public static RoundWriter Create(StepContext context) => new(
        context.Services.GetRequiredService<IdGenerator>(),
        context.Services.GetRequiredService<TimeProvider>(),
        context.Services.GetRequiredService<IOptions<ExchangeOptions>>().Value,
        context.Services.GetRequiredService<DispatchHandoff>());

    public Task PrepareAsync(IReadOnlyList<RoundCandidate> items, DbConnection connection, CancellationToken cancellationToken)
    {
        _slice = items[0].Slice;
        _now = time.GetUtcNow();
        if (_slice.Kind == SliceKind.WaveEnd)
        {
            return Task.CompletedTask;
        }

        var round = _slice.Round;
        var rows = new List<CandidateRow>(items.Count);
        var candidates = new List<WaveCandidate>(items.Count);
        foreach (var item in items)
        {
            rows.Add(item.Row);
            candidates.Add(item.Row.ToCandidate(_zones));
        }

        var plan = WavePlanner.Plan(candidates, _slice.Want, round.WaveStartedAt ?? _now, _now, exchange.RateLimits, _slice.Sent);
        _count = plan.Count;
        _reserved = handoff.Reserve(plan.Count(p => p.SendAt <= _now));
        _alerts = AlertWriter.Prepare(connection, ids, round, rows, plan, _now, _reserved, _now + exchange.ClaimLease);
        return Task.CompletedTask;
    }

    public async Task WriteAsync(IReadOnlyList<RoundCandidate> items, ChunkTransaction transaction, CancellationToken cancellationToken)
    {
        var (connection, tx) = (transaction.Connection, transaction.Transaction);
        var slice = _slice!;
        if (slice.Kind == SliceKind.WaveEnd)
        {
            await (slice.Exhausted
                ? RoundStore.CompleteAsync(connection, tx, slice.Round, 0, _now, cancellationToken)
                : RoundStore.EndWaveAsync(connection, tx, slice.Round, 0, _now, cancellationToken));
            return;
        }

        var added = await _alerts!.WriteAsync(tx, cancellationToken);
        // The round's row last: on PostgreSQL a wave's partitions queue for its lock, so each holds it as briefly as it can.
        await (slice.Kind == SliceKind.Partition
            ? RoundStore.AddAsync(connection, tx, slice.Round.Id, _count, added, cancellationToken)
            : RoundStore.AdvanceAsync(connection, tx, slice.Round, _count, added, exhausted: _count < slice.Want, _now, cancellationToken));
    }

    public void Completed(bool committed)
    {
        if (committed && _alerts is not null)
        {
            handoff.Hand(_alerts.Handed, _reserved);
        }
        else
        {
            handoff.Cancel(_reserved);
        }

        _reserved = 0;
        _alerts?.Dispose();
        _alerts = null;
    }
}
