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

namespace Fairdrop.Drops;

/// <summary>Creating drops, entering them, and placing the pre-queue at opening.</summary>
internal sealed class DropService(DropStore store, StorefrontEntryGuard guard, IdGenerator ids, TimeProvider time)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, Drop> _settings = new();

    private DbConnectionFactory Connections => store.Connections;

    public async Task<Result<Drop>> CreateAsync(Guid merchantId, DropSpec spec, CancellationToken cancellationToken)
    {
        var windowOpensAt = spec.WindowOpensAt ?? spec.OpensAt.AddMinutes(-15);
        var closesAt = spec.ClosesAt ?? spec.OpensAt.AddHours(24);
        if (DropSpecValidator.Validate(spec, windowOpensAt, closesAt) is { } invalid)
        {
            return invalid;
        }

        var seed = VerifiableShuffle.NewSeed();
        var drop = new Drop(ids.NewId(), merchantId, spec.Name!.Trim(), spec.ProductId!.Trim(), spec.Units, 0, spec.MaxPerCustomer,
            windowOpensAt, spec.OpensAt, closesAt, spec.AdmitIntervalMs, spec.TokenTtlMs, spec.PriorityCap, spec.BotPolicy,
            spec.BotDelayMultiplier, spec.BotRiskThreshold, VerifiableShuffle.Commit(seed), seed, RandomNumberGenerator.GetBytes(32),
            Drop.Scheduled, null, time.GetUtcNow(), spec.LateOrder, spec.RollingWindowMs, spec.AllowUnverifiedEntries);
        await using var connection = await Connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO drops (id, merchant_id, name, product_id, units, units_sold, max_per_customer, window_opens_at, opens_at, closes_at,
                admit_interval_ms, token_ttl_ms, priority_cap, bot_policy, bot_delay_multiplier, bot_risk_threshold, seed_commitment,
                seed, token_key, status, created_at, late_order, rolling_window_ms, allow_unverified)
            VALUES (@Id, @MerchantId, @Name, @ProductId, @Units, 0, @MaxPerCustomer, @WindowOpensAt, @OpensAt, @ClosesAt,
                @AdmitIntervalMs, @TokenTtlMs, @PriorityCap, @BotPolicy, @BotDelayMultiplier, @BotRiskThreshold, @SeedCommitment,
                @Seed, @TokenKey, @Status, @CreatedAt, @LateOrder, @RollingWindowMs, @AllowUnverified)
            """,
            drop,
            cancellationToken: cancellationToken));
        return drop;
    }

    /// <summary>Issues single-use priority codes; only their hashes are kept.</summary>
    public async Task<Result<IReadOnlyList<string>>> CreatePriorityCodesAsync(Guid merchantId, Guid dropId, int count, CancellationToken cancellationToken)
    {
        if (count is < 1 or > 10_000)
        {
            return Error.Validation("count", "count must be between 1 and 10,000.");
        }

        if (await store.GetAsync(dropId, merchantId, cancellationToken) is null)
        {
            return DropErrors.NotFound();
        }

        var codes = Enumerable.Range(0, count).Select(_ => "P-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8))).ToList();
        await using var connection = await Connections.OpenAsync(cancellationToken);
        await using var write = await Connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO drop_priority_codes (drop_id, code_hash) VALUES (@dropId, @hash)",
            codes.Select(c => new { dropId, hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(c)) }),
            transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return Result<IReadOnlyList<string>>.Success(codes);
    }

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

        if (await SettingsAsync(dropId, cancellationToken) is not { } drop)
        {
            return DropErrors.NotFound();
        }

        return await InsertAsync(drop, new EntryFacts(shopper, request.PrioritySegment, request.Risk >= drop.BotRiskThreshold, Verified: true), request.PriorityCode, cancellationToken);
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
        // themselves (so the audit still recomputes every place), and delayed by the bot multiplier once late.
        var (shopper, verified) = proven;
        return await InsertAsync(drop, new EntryFacts(shopper, Priority: false, Bot: !verified, verified), request.PriorityCode, cancellationToken);
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
        var dropId = drop.Id;
        var now = time.GetUtcNow();
        await EnsureOpenedAsync(dropId, cancellationToken);
        await using var connection = await Connections.OpenAsync(cancellationToken);
        await using var write = await Connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        // One statement takes the row lock and the next arrival number (and, once placed, the next place).
        var counters = await connection.QuerySingleAsync<(long Seq, long Place, string Status)>(new CommandDefinition(
            """
            UPDATE drops SET entry_seq = entry_seq + 1,
                last_place = CASE WHEN status = @scheduled OR late_order = @rolling THEN last_place ELSE last_place + 1 END
            WHERE id = @dropId
            RETURNING entry_seq, last_place, status
            """,
            new { dropId, scheduled = Drop.Scheduled, rolling = Drop.LateRolling },
            transaction,
            cancellationToken: cancellationToken));
        drop = drop with { Status = counters.Status };

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

            facts = facts with { Priority = true };
        }

        var entryKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var entry = await InsertEntryAsync(connection, transaction, drop, counters.Seq, counters.Place, facts, entryKey, now, cancellationToken);
        if (entry is null)
        {
            return DropErrors.Of(DropErrors.DuplicateEntry, "This shopper has already entered the drop.");
        }

        await write.CommitAsync(cancellationToken);
        return new EnteredDrop(entry, entryKey);
    }

    /// <summary>Places the pre-queue once the drop's opening time has come; a no-op before, and after the first call.</summary>
    public async Task<bool> EnsureOpenedAsync(Guid dropId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await Connections.OpenAsync(cancellationToken);
        // A plain read first: nearly every call finds the drop already open (or not yet due) and must not take the write lock.
        var due = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM drops WHERE id = @dropId AND status = @scheduled AND opens_at <= @now",
            new { dropId, now, scheduled = Drop.Scheduled },
            cancellationToken: cancellationToken));
        if (due == 0)
        {
            return false;
        }

        await using var write = await Connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var opened = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE drops SET status = @open, placed_at = @now WHERE id = @dropId AND status = @scheduled AND opens_at <= @now",
            new { dropId, now, open = Drop.Open, scheduled = Drop.Scheduled },
            transaction,
            cancellationToken: cancellationToken));
        if (opened == 0)
        {
            return false;
        }

        var drop = (await DropStore.GetAsync(connection, transaction, dropId, null, cancellationToken))!;
        var entries = (await connection.QueryAsync<DropEntry>(new CommandDefinition(
            $"SELECT {DropStore.EntryColumns} FROM drop_entries WHERE drop_id = @dropId ORDER BY arrival_seq",
            new { dropId },
            transaction,
            cancellationToken: cancellationToken))).AsList();
        var places = PlacementPlanner.Place(entries.Select(e => ToInput(e, drop)), drop.Seed, drop.PrioritySlots);
        var byId = entries.ToDictionary(e => e.Id);
        var next = places.Count;
        var assignments = places.Select(p => (p.EntryId, p.Place))
            // Entries that arrived after opening but before this ran queue after the pre-queue, first come first served.
            .Concat(entries.Where(e => e.ArrivedAt >= drop.OpensAt && drop.LateOrder != Drop.LateRolling).Select(e => (EntryId: e.Id, Place: (long)++next)))
            .Select(p => new
            {
                id = p.EntryId,
                place = p.Place,
                readyAt = PlacementPlanner.ReadyAt(drop.OpensAt, p.Place, drop.AdmitIntervalMs, byId[p.EntryId].Bot, drop.BotPolicy, drop.BotDelayMultiplier),
                status = PlacementPlanner.ReadyAt(drop.OpensAt, p.Place, drop.AdmitIntervalMs, byId[p.EntryId].Bot, drop.BotPolicy, drop.BotDelayMultiplier) is null ? DropEntry.Held : DropEntry.Waiting,
            });
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE drop_entries SET place = @place, ready_at = @readyAt, status = @status WHERE id = @id",
            assignments,
            transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE drops SET last_place = @next WHERE id = @dropId",
            new { dropId, next = (long)next },
            transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return true;
    }

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
        var (shopper, priority, bot, verified) = facts;
        // Rolling drops place late arrivals when their window closes (PlaceClosedWindowsAsync), not on arrival.
        long? place = drop.Status == Drop.Scheduled || drop.LateOrder == Drop.LateRolling ? null : nextPlace;
        var readyAt = place is null ? null : PlacementPlanner.ReadyAt(drop.OpensAt, place.Value, drop.AdmitIntervalMs, bot, drop.BotPolicy, drop.BotDelayMultiplier);
        var status = place is not null && readyAt is null ? DropEntry.Held : DropEntry.Waiting;
        var entry = new DropEntry(ids.NewId(), drop.Id, shopper, seq, now, priority, bot, place, readyAt, status, null, null, verified);
        // The unique (drop, shopper) key has the last word on duplicates, also between racing requests.
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO drop_entries (id, drop_id, shopper_id, arrival_seq, arrived_at, priority, bot, place, ready_at, status, entry_key_hash, verified)
            VALUES (@Id, @DropId, @ShopperId, @ArrivalSeq, @ArrivedAt, @Priority, @Bot, @Place, @ReadyAt, @Status, @KeyHash, @Verified)
            ON CONFLICT (drop_id, shopper_id) DO NOTHING
            """,
            new { entry.Id, entry.DropId, entry.ShopperId, entry.ArrivalSeq, entry.ArrivedAt, entry.Priority, entry.Bot, entry.Place, entry.ReadyAt, entry.Status, entry.Verified, KeyHash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(entryKey)) },
            transaction,
            cancellationToken: cancellationToken));
        return inserted == 1 ? entry : null;
    }
}
