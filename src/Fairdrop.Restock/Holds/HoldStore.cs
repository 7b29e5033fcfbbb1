using System.Data.Common;
using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Restock.Holds;

/// <summary>The SQL of <c>restock_holds</c>, inside the caller's transaction: the hold service and the wave opener share it.</summary>
internal static class HoldStore
{
    /// <summary>The units of the product's holds that count at <paramref name="now"/>: not released, not lapsed.</summary>
    public static Task<long> ActiveUnitsAsync(DbConnection connection, DbTransaction? transaction, Guid productId, DateTimeOffset now, CancellationToken cancellationToken) =>
        // SUM of a BIGINT is numeric on PostgreSQL; the cast keeps it a long on both.
        connection.QuerySingleAsync<long>(new CommandDefinition(
            "SELECT CAST(COALESCE(SUM(units), 0) AS BIGINT) FROM restock_holds WHERE product_id = @productId AND expires_at > @now AND released_at IS NULL",
            new { productId, now },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>When the product's first active hold lapses, or null when none is active.</summary>
    public static Task<DateTimeOffset?> FirstExpiryAsync(DbConnection connection, DbTransaction? transaction, Guid productId, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.QuerySingleAsync<DateTimeOffset?>(new CommandDefinition(
            "SELECT MIN(expires_at) FROM restock_holds WHERE product_id = @productId AND expires_at > @now AND released_at IS NULL",
            new { productId, now },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>
    /// The product's id and stock, its row locked on PostgreSQL until the transaction ends, so two holds (or a hold and
    /// an inventory update) of one product take turns; SQLite's write transaction already lets one writer in at a time.
    /// </summary>
    public static Task<(Guid Id, long Stock)?> LockProductAsync(
        DbConnection connection, DbTransaction transaction, SqlDialect dialect, Guid merchantId, string externalId, CancellationToken cancellationToken)
    {
        var suffix = dialect.Name == "postgres" ? " FOR UPDATE" : string.Empty;
        return connection.QuerySingleOrDefaultAsync<(Guid Id, long Stock)?>(new CommandDefinition(
            $"SELECT id, available FROM restock_products WHERE merchant_id = @merchantId AND external_id = @externalId{suffix}",
            new { merchantId, externalId },
            transaction,
            cancellationToken: cancellationToken));
    }

    public static Task<Hold?> FindByKeyAsync(DbConnection connection, DbTransaction transaction, Guid merchantId, string holdKey, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<Hold>(new CommandDefinition(
            $"SELECT {Hold.Columns} FROM {Hold.From} WHERE h.merchant_id = @merchantId AND h.hold_key = @holdKey",
            new { merchantId, holdKey },
            transaction,
            cancellationToken: cancellationToken));

    public static Task<Hold?> GetAsync(DbConnection connection, DbTransaction? transaction, Guid merchantId, Guid id, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<Hold>(new CommandDefinition(
            $"SELECT {Hold.Columns} FROM {Hold.From} WHERE h.id = @id AND h.merchant_id = @merchantId",
            new { id, merchantId },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>Inserts the hold; false when its key was taken meanwhile (a concurrent call with the same key, for another product).</summary>
    public static async Task<bool> InsertAsync(DbConnection connection, DbTransaction transaction, Hold hold, Guid productId, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO restock_holds (id, merchant_id, product_id, units, hold_key, holder, created_at, expires_at, released_at)
            VALUES (@Id, @MerchantId, @productId, @Units, @HoldKey, @Holder, @CreatedAt, @ExpiresAt, NULL)
            ON CONFLICT (merchant_id, hold_key) DO NOTHING
            """,
            new { hold.Id, hold.MerchantId, productId, hold.Units, hold.HoldKey, hold.Holder, hold.CreatedAt, hold.ExpiresAt },
            transaction,
            cancellationToken: cancellationToken)) == 1;
}
