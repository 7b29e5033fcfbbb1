using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Shoppers;
using Fairdrop.Core.Storage;
using Fairdrop.Drops.Entries;
using Fairdrop.Drops.Model;
using Fairdrop.Drops.Placement;
using Fairdrop.Drops.Receipts;
using Fairdrop.Drops.Sealing;

namespace Fairdrop.Drops;

/// <summary>Entering drops, and opening them: the pre-queue sealed, then placed (<see cref="PreQueue"/>). Creating them: <see cref="DropCreator"/>.</summary>
internal sealed class DropService(
    DropStore store, StorefrontEntryGuard guard, IGateVerdicts verdicts, ScopeSealer sealer, EntryBatcher batcher, IdGenerator ids, TimeProvider time)
{
    /// <summary>How far back a gate verdict marks a storefront entry as a suspected bot.</summary>
    internal static readonly TimeSpan VerdictWindow = TimeSpan.FromMinutes(30);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, Drop> _settings = new();

    // Drops this node saw placed: placement never comes undone, so entries and polls skip the check for them.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, bool> _placed = new();

    private readonly PreQueue _preQueue = new(store.Connections, time);

    private DbConnectionFactory Connections => store.Connections;

    /// <summary>An entry from the merchant's backend (its API key): trusted, so it may state a priority segment and a risk score.</summary>
    public async Task<Result<EnteredDrop>> EnterAsync(Guid dropId, NewEntry request, CancellationToken cancellationToken)
    {
        if (!ShopperIds.Canonicalize(request.ShopperId).TryGetValue(out var shopper, out var invalid))
        {
            return invalid;
        }

        if (request.Risk is < 0 or > 1)
        {
            return Error.Validation("risk", "risk is a score between 0 and 1.");
        }

        if (request.RiskReason is { Length: > 200 } || request.RiskReason?.Any(char.IsControl) == true)
        {
            return Error.Validation("riskReason", "riskReason is a line of at most 200 characters.");
        }

        if (await SettingsAsync(dropId, cancellationToken) is not { } drop)
        {
            return DropErrors.NotFound();
        }

        var bot = request.Risk >= drop.BotRiskThreshold;
        var facts = new EntryFacts(shopper, request.PrioritySegment, bot, Verified: true, DropEntry.FromMerchant,
            request.PrioritySegment ? "priority segment, stated by the merchant's backend" : null,
            bot ? FormattableString.Invariant($"risk {request.Risk:0.###} >= botRiskThreshold {drop.BotRiskThreshold:0.###}, stated by the merchant's backend")
                + (string.IsNullOrWhiteSpace(request.RiskReason) ? string.Empty : ": " + request.RiskReason.Trim()) : null);
        return await InsertAsync(drop, facts, request.PriorityCode, cancellationToken);
    }

    /// <summary>
    /// An entry from a storefront: it must prove its shopper with a shopper token unless the drop allows unverified
    /// entries (see <see cref="StorefrontEntryGuard"/>). A storefront cannot state a segment or a risk; those are ignored.
    /// </summary>
    public async Task<Result<EnteredDrop>> EnterFromStorefrontAsync(Guid dropId, NewEntry request, StorefrontCaller caller, CancellationToken cancellationToken)
    {
        if (await SettingsAsync(dropId, cancellationToken) is not { } drop)
        {
            return DropErrors.NotFound();
        }

        if (!(await guard.CheckAsync(drop, request.ShopperId, caller, cancellationToken)).TryGetValue(out var proven, out var refused))
        {
            return refused;
        }

        // Unverified entries take the suspected bots' path: placed after every other pre-queue entry, shuffled among
        // themselves (so the audit still recomputes every place), and delayed by the bot multiplier once late. The gate's
        // verdict on the shopper is asked with the entry's batch (or, on the single path, just before it).
        var (shopper, verified) = proven;
        var facts = new EntryFacts(shopper, Priority: false, Bot: !verified, verified, DropEntry.FromStorefront,
            BotEvidence: verified ? null : "unverified storefront entry (no shopper token)", AskGate: true);
        return await InsertAsync(drop, facts, request.PriorityCode, cancellationToken);
    }

    private async Task<Drop?> SettingsAsync(Guid dropId, CancellationToken cancellationToken)
    {
        // A drop's settings never change once created, so they are cached; only its status and counters are read live.
        if (_settings.TryGetValue(dropId, out var cached))
        {
            return cached;
        }

        var drop = await store.GetAsync(dropId, null, cancellationToken);
        return drop is null ? null : _settings.GetOrAdd(dropId, drop);
    }

    private async Task<Result<EnteredDrop>> InsertAsync(Drop drop, EntryFacts facts, string? priorityCode, CancellationToken cancellationToken)
    {
        // Most entries go in with whoever else is entering at the moment (group commit); a priority code, or a place to
        // take after placement, needs the single-entry transaction below.
        if (string.IsNullOrEmpty(priorityCode) && await batcher.EnterAsync(drop, facts) is { } batched)
        {
            return batched.TryGetValue(out var entered, out _) ? await EnteredAsync(drop, entered.Entry, entered.EntryKey, cancellationToken) : batched;
        }

        if (facts.AskGate)
        {
            facts = facts.WithVerdict(await verdicts.LatestAsync(drop.MerchantId, facts.ShopperId, time.GetUtcNow() - VerdictWindow, cancellationToken));
        }

        var dropId = drop.Id;
        await using var connection = await Connections.OpenAsync(cancellationToken);
        await using var write = await Connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var counters = await CountersAsync(connection, transaction, drop, cancellationToken);
        drop = drop with { Status = counters.Status, PlacedAt = counters.PlacedAt is { } placed ? DateTimeOffset.FromUnixTimeMilliseconds(placed) : null };
        // The arrival time is read under the drop's lock: sealing takes that lock too, so an entry that arrives once a
        // scope is sealed is stamped after the seal and falls in a later scope, never in a list already sealed.
        var now = DropCreator.WholeMilliseconds(time.GetUtcNow());

        if (now < drop.WindowOpensAt)
        {
            return DropErrors.Of(DropErrors.WindowNotOpen, $"Entries open at {drop.WindowOpensAt:O}.");
        }

        if (now >= drop.ClosesAt)
        {
            return DropErrors.Of(DropErrors.Closed, "This drop is closed.");
        }

        if (drop.Status == Drop.SoldOut)
        {
            return DropErrors.Of(DropErrors.SoldOut, "This drop is sold out.");
        }

        if (priorityCode is { Length: > 0 } code)
        {
            if (!await RedeemCodeAsync(connection, transaction, dropId, code, facts.ShopperId, cancellationToken))
            {
                return DropErrors.Of(DropErrors.PriorityCodeInvalid, "The priority code is unknown or already used.");
            }

            facts = facts with { Priority = true, PriorityEvidence = "priority code sha256:" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(code.Trim()))) };
        }

        var entryKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var entry = await InsertEntryAsync(connection, transaction, drop, counters.Seq, counters.Place, facts, entryKey, now, cancellationToken);
        if (entry is null)
        {
            return DropErrors.Of(DropErrors.DuplicateEntry, "This shopper has already entered the drop.");
        }

        await write.CommitAsync(cancellationToken);
        return await EnteredAsync(drop, entry, entryKey, cancellationToken);
    }

    /// <summary>After an entry is committed: opens the drop if it is due (the first entry after opening), and signs the receipt.</summary>
    private async Task<EnteredDrop> EnteredAsync(Drop drop, DropEntry entry, string entryKey, CancellationToken cancellationToken)
    {
        if (entry.Place is null && entry.ArrivedAt >= drop.OpensAt)
        {
            // Before opening an entry costs no extra read; the first ones after it place the pre-queue if nobody has yet.
            await EnsureOpenedAsync(drop.Id, cancellationToken);
        }

        return new EnteredDrop(entry, entryKey, drop.ReceiptKey is { } receiptKey ? EntryReceipts.Sign(drop.Id, receiptKey, ReceiptOf(entry)) : null);
    }

    /// <summary>
    /// The entry's arrival number (and, for a first-come-first-served entry after placement, its place), with the drop's
    /// status, under a lock that orders it against sealing. PostgreSQL: a shared lock and a sharded counter
    /// (<see cref="ArrivalCounters"/>), so entries into one drop run side by side; SQLite, whose writers take turns
    /// anyway: one statement on the drop's own row.
    /// </summary>
    private static async Task<(long Seq, long Place, string Status, long? PlacedAt)> CountersAsync(DbConnection connection, DbTransaction transaction, Drop drop, CancellationToken cancellationToken)
    {
        if (connection is Npgsql.NpgsqlConnection)
        {
            return await ArrivalCounters.NextAsync(connection, transaction, drop.Id, drop.LateOrder, cancellationToken);
        }

        return await connection.QuerySingleAsync<(long Seq, long Place, string Status, long? PlacedAt)>(new CommandDefinition(
            """
            UPDATE drops SET entry_seq = entry_seq + 1,
                last_place = CASE WHEN placed_at IS NULL OR late_order = @rolling THEN last_place ELSE last_place + 1 END
            WHERE id = @dropId
            RETURNING entry_seq, last_place, status, placed_at
            """,
            new { dropId = drop.Id, rolling = Drop.LateRolling },
            transaction,
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Seals the pre-queue once the drop's opening time has come, and places it once its randomness can be known (at once
    /// in the commitment mode, when the beacon round drawn after sealing is out in the beacon mode). True when this call
    /// placed it; false before opening, while the round is awaited, and once placed.
    /// </summary>
    public async Task<bool> EnsureOpenedAsync(Guid dropId, CancellationToken cancellationToken)
    {
        if (_placed.ContainsKey(dropId))
        {
            return false;
        }

        var now = time.GetUtcNow();
        await using var connection = await Connections.OpenAsync(cancellationToken);
        // A plain read first: nearly every call finds the drop placed (or not yet due) and must not take the write lock.
        var due = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM drops WHERE id = @dropId AND placed_at IS NULL AND (status <> @scheduled OR opens_at <= @now)",
            new { dropId, now, scheduled = Drop.Scheduled },
            cancellationToken: cancellationToken));
        if (due == 0)
        {
            if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM drops WHERE id = @dropId AND placed_at IS NOT NULL", new { dropId }, cancellationToken: cancellationToken)) > 0)
            {
                _placed.TryAdd(dropId, true);
            }

            return false;
        }

        await _preQueue.SealAsync(connection, dropId, now, cancellationToken);
        var drop = (await DropStore.GetAsync(connection, null, dropId, null, cancellationToken))!;
        if (drop.PlacedAt is not null || await DropStore.SealAsync(connection, null, dropId, OrderKey.PreQueue, cancellationToken) is not { } seal
            || await sealer.KeyAsync(drop, seal, cancellationToken) is not var (key, round))
        {
            return false;
        }

        return await _preQueue.PlaceAsync(connection, drop, seal, key, round, cancellationToken);
    }

    /// <summary>What an entry's receipt states (docs/drops.md, "Receipts").</summary>
    internal static EntryReceipt ReceiptOf(DropEntry entry) =>
        new(entry.DropId, entry.Id, entry.ArrivalSeq, entry.ArrivedAt.ToUnixTimeMilliseconds(), entry.Priority, entry.Bot, entry.Verified,
            entry.Source ?? DropEntry.FromStorefront, Convert.ToHexStringLower(ScopeSealer.LeafOf(entry)));

    internal static PlacementInput ToInput(DropEntry entry, Drop drop) =>
        new(entry.Id, entry.ArrivalSeq, entry.ArrivedAt < drop.OpensAt, entry.Priority, entry.Bot);

    internal static async Task<Drop?> LockAsync(DbConnection connection, DbTransaction transaction, Guid dropId, CancellationToken cancellationToken)
    {
        // PostgreSQL: the row lock serialises writers of one drop (arrival order, units); SQLite's write lock already does.
        var suffix = connection is Npgsql.NpgsqlConnection ? " FOR UPDATE" : string.Empty;
        return await connection.QuerySingleOrDefaultAsync<Drop>(new CommandDefinition(
            $"SELECT {DropStore.DropColumns} FROM drops WHERE id = @dropId{suffix}",
            new { dropId },
            transaction,
            cancellationToken: cancellationToken));
    }

    private static async Task<bool> RedeemCodeAsync(DbConnection connection, DbTransaction transaction, Guid dropId, string code, string shopper, CancellationToken cancellationToken)
    {
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE drop_priority_codes SET used_by = @shopper WHERE drop_id = @dropId AND code_hash = @hash AND used_by IS NULL",
            new { dropId, shopper, hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(code.Trim())) },
            transaction,
            cancellationToken: cancellationToken));
        return changed == 1;
    }

    private async Task<DropEntry?> InsertEntryAsync(DbConnection connection, DbTransaction transaction, Drop drop, long seq, long nextPlace, EntryFacts facts, string entryKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (shopper, priority, bot, verified, source, priorityEvidence, botEvidence, _) = facts;
        // Rolling drops place late arrivals when their window closes (PlaceClosedWindowsAsync), not on arrival; first come
        // first served ones take the next place once the pre-queue is placed, and until then wait for that placement.
        long? place = drop.PlacedAt is null || drop.LateOrder == Drop.LateRolling ? null : nextPlace;
        var readyAt = place is null ? null : PlacementPlanner.ReadyAt(drop.OpensAt, place.Value, drop.AdmitIntervalMs, bot, drop.BotPolicy, drop.BotDelayMultiplier);
        var status = place is not null && readyAt is null ? DropEntry.Held : DropEntry.Waiting;
        var entry = new DropEntry(ids.NewId(), drop.Id, shopper, seq, now, priority, bot, place, readyAt, status, null, null, verified, source, priorityEvidence, botEvidence);
        // The unique (drop, shopper) key has the last word on duplicates, also between racing requests.
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO drop_entries (id, drop_id, shopper_id, arrival_seq, arrived_at, priority, bot, place, ready_at, status, entry_key_hash, verified,
                source, priority_evidence, bot_evidence)
            VALUES (@Id, @DropId, @ShopperId, @ArrivalSeq, @ArrivedAt, @Priority, @Bot, @Place, @ReadyAt, @Status, @KeyHash, @Verified,
                @Source, @PriorityEvidence, @BotEvidence)
            ON CONFLICT (drop_id, shopper_id) DO NOTHING
            """,
            new
            {
                entry.Id, entry.DropId, entry.ShopperId, entry.ArrivalSeq, entry.ArrivedAt, entry.Priority, entry.Bot, entry.Place, entry.ReadyAt, entry.Status,
                entry.Verified, entry.Source, entry.PriorityEvidence, entry.BotEvidence, KeyHash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(entryKey)),
            },
            transaction,
            cancellationToken: cancellationToken));
        return inserted == 1 ? entry : null;
    }
}
