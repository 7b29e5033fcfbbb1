using System.Data.Common;
using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Drops.Model;

namespace Fairdrop.Drops;

/// <summary>The drops tables. Reads here; the multi-statement writes live in <see cref="DropService"/>'s transactions.</summary>
internal sealed class DropStore(DbConnectionFactory connections)
{
    internal const string DropColumns = """
        id AS Id, merchant_id AS MerchantId, name AS Name, product_id AS ProductId, units AS Units, units_sold AS UnitsSold,
        max_per_customer AS MaxPerCustomer, window_opens_at AS WindowOpensAt, opens_at AS OpensAt, closes_at AS ClosesAt,
        admit_interval_ms AS AdmitIntervalMs, token_ttl_ms AS TokenTtlMs, priority_cap AS PriorityCap, bot_policy AS BotPolicy,
        bot_delay_multiplier AS BotDelayMultiplier, bot_risk_threshold AS BotRiskThreshold, seed_commitment AS SeedCommitment,
        seed AS Seed, token_key AS TokenKey, status AS Status, placed_at AS PlacedAt, created_at AS CreatedAt,
        late_order AS LateOrder, rolling_window_ms AS RollingWindowMs, allow_unverified AS AllowUnverified,
        order_version AS OrderVersion, randomness AS Randomness, beacon_chain AS BeaconChainHash, beacon_genesis AS BeaconGenesis,
        beacon_period AS BeaconPeriod, receipt_key AS ReceiptKey
        """;

    internal const string EntryColumns = """
        id AS Id, drop_id AS DropId, shopper_id AS ShopperId, arrival_seq AS ArrivalSeq, arrived_at AS ArrivedAt, priority AS Priority,
        bot AS Bot, place AS Place, ready_at AS ReadyAt, status AS Status, token_id AS TokenId, token_expires_at AS TokenExpiresAt,
        verified AS Verified, source AS Source, priority_evidence AS PriorityEvidence, bot_evidence AS BotEvidence
        """;

    internal const string SealColumns = """
        drop_id AS DropId, scope AS Scope, root AS Root, entries AS Entries, sealed_at AS SealedAt, beacon_round AS BeaconRound,
        randomness AS Randomness, signature AS Signature, placed_at AS PlacedAt
        """;

    public DbConnectionFactory Connections => connections;

    public async Task<Drop?> GetAsync(Guid dropId, Guid? merchantId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, dropId, merchantId, cancellationToken);
    }

    internal static Task<Drop?> GetAsync(DbConnection connection, DbTransaction? transaction, Guid dropId, Guid? merchantId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<Drop>(new CommandDefinition(
            merchantId is null
                ? $"SELECT {DropColumns} FROM drops WHERE id = @dropId"
                : $"SELECT {DropColumns} FROM drops WHERE id = @dropId AND merchant_id = @merchantId",
            new { dropId, merchantId },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>The merchant's drops, newest first, before the cursor.</summary>
    public async Task<IReadOnlyList<Drop>> ListAsync(Guid merchantId, Guid? before, int limit, CancellationToken cancellationToken)
    {
        // No "@before IS NULL OR ...": PostgreSQL cannot type a null parameter (42P08), so listing from the top failed there.
        var where = before is null ? string.Empty : " AND id < @before";
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Drop>(new CommandDefinition(
            $"SELECT {DropColumns} FROM drops WHERE merchant_id = @merchantId{where} ORDER BY id DESC LIMIT @limit",
            new { merchantId, before, limit },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<IReadOnlyList<DropEntry>> EntriesAsync(Guid dropId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DropEntry>(new CommandDefinition(
            $"SELECT {EntryColumns} FROM drop_entries WHERE drop_id = @dropId ORDER BY arrival_seq",
            new { dropId },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<IReadOnlyList<DropSeal>> SealsAsync(Guid dropId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DropSeal>(new CommandDefinition(
            $"SELECT {SealColumns} FROM drop_seals WHERE drop_id = @dropId ORDER BY scope",
            new { dropId },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    internal static Task<DropSeal?> SealAsync(DbConnection connection, DbTransaction? transaction, Guid dropId, long scope, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<DropSeal>(new CommandDefinition(
            $"SELECT {SealColumns} FROM drop_seals WHERE drop_id = @dropId AND scope = @scope",
            new { dropId, scope },
            transaction,
            cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<Purchase>> PurchasesAsync(Guid dropId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Purchase>(new CommandDefinition(
            """
            SELECT id AS Id, drop_id AS DropId, entry_id AS EntryId, shopper_id AS ShopperId, quantity AS Quantity, created_at AS CreatedAt
            FROM drop_purchases WHERE drop_id = @dropId ORDER BY id
            """,
            new { dropId },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Open rolling drops with late arrivals still waiting for their window to close.</summary>
    public async Task<IReadOnlyList<Guid>> RollingWithUnplacedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            SELECT d.id FROM drops d
            WHERE d.status = @open AND d.late_order = @rolling AND d.placed_at IS NOT NULL
              AND EXISTS (SELECT 1 FROM drop_entries e WHERE e.drop_id = d.id AND e.place IS NULL)
            """,
            new { open = Drop.Open, rolling = Drop.LateRolling },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Drops whose opening time has come but whose pre-queue has not been placed yet (not sealed, or awaiting its randomness).</summary>
    public async Task<IReadOnlyList<Guid>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM drops WHERE placed_at IS NULL AND opens_at <= @now",
            new { now },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
