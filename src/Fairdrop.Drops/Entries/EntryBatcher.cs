using System.Data.Common;
using System.Security.Cryptography;
using System.Threading.Channels;
using Dapper;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Shoppers;
using Fairdrop.Core.Storage;
using Fairdrop.Drops.Model;

namespace Fairdrop.Drops.Entries;

/// <summary>
/// Group commit for entries (issue 29): entries that arrive while a batch is being written queue up and go into the
/// next one, so a spike costs one transaction (a lock, one counter step, one multi-row INSERT, one commit) per batch
/// rather than per entry, and a lone entry still costs one. A batch takes its arrival numbers and its arrival time under
/// the same lock a single entry takes, so sealing orders against it the same way. Entries that need the drop's next
/// place (first come, first served after placement) or a priority code take the single-entry path instead.
/// </summary>
internal sealed class EntryBatcher
{
    private const int MaxBatch = 128;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly DbConnectionFactory _connections;
    private readonly IdGenerator _ids;
    private readonly TimeProvider _time;
    private readonly IGateVerdicts _verdicts;

    public EntryBatcher(DropStore store, IGateVerdicts verdicts, IdGenerator ids, TimeProvider time)
    {
        (_connections, _verdicts, _ids, _time) = (store.Connections, verdicts, ids, time);
        _ = Task.Run(RunAsync);
    }

    /// <summary>The entry and its key, a refusal, or null when the entry must take the single-entry path.</summary>
    public Task<Result<EnteredDrop>?> EnterAsync(Drop drop, EntryFacts facts)
    {
        var pending = new Pending(drop, facts, new TaskCompletionSource<Result<EnteredDrop>?>(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Writer.TryWrite(pending);
        return pending.Outcome.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            foreach (var group in batch.GroupBy(p => p.Drop.Id))
            {
                var entries = group.ToList();
                try
                {
                    await WriteAsync(entries[0].Drop, entries);
                }
                catch (Exception exception)
                {
                    // The batch rolled back: each caller sees the failure as its own request's (a 500 or 503), nothing half written.
                    entries.ForEach(p => p.Outcome.TrySetException(exception));
                }
            }

            batch.Clear();
        }
    }

    private async Task WriteAsync(Drop drop, List<Pending> batch)
    {
        await AskGateAsync(drop, batch);
        await using var connection = await _connections.OpenAsync(CancellationToken.None);
        await using var write = await _connections.Dialect.BeginWriteAsync(connection, CancellationToken.None);
        var transaction = write.Transaction;
        var (firstSeq, stride, status, placedAt) = await ReserveAsync(connection, transaction, drop, batch.Count);
        if (placedAt is not null && drop.LateOrder != Drop.LateRolling)
        {
            batch.ForEach(p => p.Outcome.TrySetResult(null)); // each needs the drop's next place: the single path gives it
            return;
        }

        var now = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
        var refusal = now < drop.WindowOpensAt ? DropErrors.Of(DropErrors.WindowNotOpen, $"Entries open at {drop.WindowOpensAt:O}.")
            : now >= drop.ClosesAt ? DropErrors.Of(DropErrors.Closed, "This drop is closed.")
            : status == Drop.SoldOut ? DropErrors.Of(DropErrors.SoldOut, "This drop is sold out.")
            : null;
        if (refusal is not null)
        {
            batch.ForEach(p => p.Outcome.TrySetResult(refusal));
            return;
        }

        var rows = new List<(Pending Pending, DropEntry Entry, string Key)>();
        var shoppers = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var (shopper, priority, bot, verified, source, priorityEvidence, botEvidence, _) = batch[i].Facts;
            if (!shoppers.Add(shopper))
            {
                batch[i].Outcome.TrySetResult(DropErrors.Of(DropErrors.DuplicateEntry, "This shopper has already entered the drop."));
                continue;
            }

            var entry = new DropEntry(_ids.NewId(), drop.Id, shopper, firstSeq + (i * stride), now, priority, bot, null, null, DropEntry.Waiting, null, null,
                verified, source, priorityEvidence, botEvidence);
            rows.Add((batch[i], entry, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))));
        }

        // The unique (drop, shopper) key has the last word on duplicates (also against other nodes): RETURNING says which went in.
        var inserted = (await InsertAsync(connection, transaction, rows)).ToHashSet();
        await write.CommitAsync(CancellationToken.None);
        foreach (var (pending, entry, key) in rows)
        {
            pending.Outcome.TrySetResult(inserted.Contains(entry.Id)
                ? new EnteredDrop(entry, key)
                : DropErrors.Of(DropErrors.DuplicateEntry, "This shopper has already entered the drop."));
        }
    }

    /// <summary>
    /// The gate's verdicts on the batch's storefront shoppers, in one query before the write lock is taken (asked per
    /// entry, it was a third of an entry's time; asked in a batch of its own, one more queue for every entry to wait in).
    /// </summary>
    private async Task AskGateAsync(Drop drop, List<Pending> batch)
    {
        var asking = batch.Where(p => p.Facts.AskGate).Select(p => p.Facts.ShopperId).ToHashSet(StringComparer.Ordinal);
        if (asking.Count == 0)
        {
            return;
        }

        var since = _time.GetUtcNow() - DropService.VerdictWindow;
        var found = await _verdicts.LatestAsync(drop.MerchantId, asking, since, CancellationToken.None);
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Facts.AskGate)
            {
                batch[i] = batch[i] with { Facts = batch[i].Facts.WithVerdict(found.TryGetValue(batch[i].Facts.ShopperId, out var verdict) && verdict.At >= since ? verdict : null) };
            }
        }
    }

    /// <summary>
    /// Takes the batch's arrival numbers under the drop's lock: the first, the step between them, and the drop's status
    /// and placement time. PostgreSQL: a shared lock and one counter stepped by the batch's size; SQLite: the drop's counter.
    /// </summary>
    private static async Task<(long First, long Stride, string Status, long? PlacedAt)> ReserveAsync(DbConnection connection, DbTransaction transaction, Drop drop, int count)
    {
        if (connection is Npgsql.NpgsqlConnection)
        {
            var shard = Random.Shared.Next(ArrivalCounters.Shards);
            var (status, placedAt, next) = await connection.QuerySingleAsync<(string, long?, long)>(new CommandDefinition(
                """
                WITH d AS (SELECT status, placed_at FROM drops WHERE id = @dropId FOR SHARE),
                     c AS (UPDATE drop_arrival_counters SET next = next + @count WHERE drop_id = @dropId AND shard = @shard RETURNING next)
                SELECT d.status, d.placed_at, c.next FROM d CROSS JOIN c
                """,
                new { dropId = drop.Id, shard = (long)shard, count = (long)count },
                transaction));
            // Counter values next − count + 1 … next, each numbered (value − 1) × shards + shard + 1.
            return (((next - count) * ArrivalCounters.Shards) + shard + 1, ArrivalCounters.Shards, status, placedAt);
        }

        var row = await connection.QuerySingleAsync<(long Seq, string Status, long? PlacedAt)>(new CommandDefinition(
            "UPDATE drops SET entry_seq = entry_seq + @count WHERE id = @dropId RETURNING entry_seq, status, placed_at",
            new { dropId = drop.Id, count = (long)count },
            transaction));
        return (row.Seq - count + 1, 1, row.Status, row.PlacedAt);
    }

    private static readonly string[] EntryColumns =
        ["id", "drop_id", "shopper_id", "arrival_seq", "arrived_at", "priority", "bot", "status", "entry_key_hash", "verified", "source", "priority_evidence", "bot_evidence"];

    /// <summary>
    /// One multi-row INSERT for the batch (<see cref="MultiRowInsert"/>: on SQLite the rows travel as one JSON parameter;
    /// bound one parameter per value, by name, SQLite's lookups made the batch's statement cost grow with its square).
    /// </summary>
    private static async Task<IEnumerable<Guid>> InsertAsync(DbConnection connection, DbTransaction transaction, List<(Pending Pending, DropEntry Entry, string Key)> rows)
    {
        using var insert = new MultiRowInsert(connection, "drop_entries", EntryColumns, "(drop_id, shopper_id)", returning: "id", binaryColumns: ["entry_key_hash"]);
        foreach (var (_, e, key) in rows)
        {
            insert.Add([e.Id, e.DropId, e.ShopperId, e.ArrivalSeq, e.ArrivedAt, e.Priority, e.Bot, e.Status, SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)),
                e.Verified, e.Source, e.PriorityEvidence, e.BotEvidence]);
        }

        return (await insert.ExecuteReturningAsync(transaction, CancellationToken.None)).Select(id => id as Guid? ?? Guid.Parse((string)id));
    }

    private sealed record Pending(Drop Drop, EntryFacts Facts, TaskCompletionSource<Result<EnteredDrop>?> Outcome);
}
