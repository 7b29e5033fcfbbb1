using System.Security.Cryptography;
using Dapper;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Fairdrop.Drops.Beacons;
using Fairdrop.Drops.Entries;
using Fairdrop.Drops.Model;
using Fairdrop.Drops.Placement;
using Fairdrop.Drops.Receipts;

namespace Fairdrop.Drops;

/// <summary>Creating drops (the shuffle seed committed at once, the beacon chain recorded) and their priority codes.</summary>
internal sealed class DropCreator(DropStore store, IRandomnessBeacon beacon, IdGenerator ids, TimeProvider time)
{
    public async Task<Result<Drop>> CreateAsync(Guid merchantId, DropSpec spec, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (spec.OpensAt <= now || spec.OpensAt.Year >= 9000)
        {
            // Checked before the defaults are computed from it: 0001-01-01 minus 15 minutes does not exist.
            return Error.Validation("opensAt", "opensAt must be in the future (and before the year 9000).");
        }

        // Whole milliseconds: the sealed list and the audit state times in milliseconds, so every comparison a verifier
        // repeats (before opening, which rolling window) comes out as it did here.
        var opensAt = WholeMilliseconds(spec.OpensAt);
        var windowOpensAt = WholeMilliseconds(spec.WindowOpensAt ?? opensAt.AddMinutes(-15));
        var closesAt = WholeMilliseconds(spec.ClosesAt ?? opensAt.AddHours(24));
        if (DropSpecValidator.Validate(spec, windowOpensAt, closesAt, now) is { } invalid)
        {
            return invalid;
        }

        if (!(await ChainForAsync(spec.Randomness, cancellationToken)).TryGetValue(out var chain, out var unavailable))
        {
            return unavailable;
        }

        var seed = VerifiableShuffle.NewSeed();
        var drop = new Drop(ids.NewId(), merchantId, spec.Name!.Trim(), spec.ProductId!.Trim(), spec.Units, 0, spec.MaxPerCustomer,
            windowOpensAt, opensAt, closesAt, spec.AdmitIntervalMs, spec.TokenTtlMs, spec.PriorityCap, spec.BotPolicy,
            spec.BotDelayMultiplier, spec.BotRiskThreshold, VerifiableShuffle.Commit(seed), seed, RandomNumberGenerator.GetBytes(32),
            Drop.Scheduled, null, now, spec.LateOrder, spec.RollingWindowMs, spec.AllowUnverifiedEntries,
            Drop.CurrentOrderVersion, chain is null ? Drop.RandomnessCommitment : Drop.RandomnessBeacon, chain?.Hash, chain?.GenesisTime, chain?.PeriodSeconds,
            EntryReceipts.NewKey());
        await using var connection = await store.Connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO drops (id, merchant_id, name, product_id, units, units_sold, max_per_customer, window_opens_at, opens_at, closes_at,
                admit_interval_ms, token_ttl_ms, priority_cap, bot_policy, bot_delay_multiplier, bot_risk_threshold, seed_commitment,
                seed, token_key, status, created_at, late_order, rolling_window_ms, allow_unverified,
                order_version, randomness, beacon_chain, beacon_genesis, beacon_period, receipt_key)
            VALUES (@Id, @MerchantId, @Name, @ProductId, @Units, 0, @MaxPerCustomer, @WindowOpensAt, @OpensAt, @ClosesAt,
                @AdmitIntervalMs, @TokenTtlMs, @PriorityCap, @BotPolicy, @BotDelayMultiplier, @BotRiskThreshold, @SeedCommitment,
                @Seed, @TokenKey, @Status, @CreatedAt, @LateOrder, @RollingWindowMs, @AllowUnverified,
                @OrderVersion, @Randomness, @BeaconChainHash, @BeaconGenesis, @BeaconPeriod, @ReceiptKey)
            """,
            drop,
            cancellationToken: cancellationToken));
        if (connection is Npgsql.NpgsqlConnection)
        {
            await ArrivalCounters.CreateAsync(connection, drop.Id, cancellationToken);
        }

        return drop;
    }

    internal static DateTimeOffset WholeMilliseconds(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());

    /// <summary>The beacon chain a new drop draws from: the configured one unless the merchant asks for the commitment mode.</summary>
    private async Task<Result<BeaconChain?>> ChainForAsync(string? randomness, CancellationToken cancellationToken)
    {
        if (randomness == Drop.RandomnessCommitment)
        {
            return Result<BeaconChain?>.Success(null);
        }

        try
        {
            var chain = await beacon.ChainAsync(cancellationToken);
            return chain is null && randomness == Drop.RandomnessBeacon
                ? Error.Validation("randomness", "This Fairdrop has no randomness beacon configured (Fairdrop:Drops:BeaconUrl and BeaconChainHash); use 'commitment'.")
                : Result<BeaconChain?>.Success(chain);
        }
        catch (Exception exception) when (exception is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Falling back to the weaker mode silently would let whoever can block the beacon choose it.
            return DropErrors.Of(DropErrors.BeaconUnavailable, "The randomness beacon cannot be reached; try again, or create the drop with randomness 'commitment'.");
        }
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
        await using var connection = await store.Connections.OpenAsync(cancellationToken);
        await using var write = await store.Connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO drop_priority_codes (drop_id, code_hash) VALUES (@dropId, @hash)",
            codes.Select(c => new { dropId, hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(c)) }),
            transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return Result<IReadOnlyList<string>>.Success(codes);
    }
}
