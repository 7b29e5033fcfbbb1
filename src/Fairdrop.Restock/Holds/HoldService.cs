using System.Data.Common;
using Dapper;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Text;

namespace Fairdrop.Restock.Holds;

/// <summary>
/// Holds of a product's units for one shopper at a time ("reply YES to hold a pair for 15 minutes"). A hold never
/// takes more than is free (stock on hand less active holds), lands once per key, and lapses by itself at its expiry:
/// every reader counts only holds with <c>expires_at &gt; now</c> and no <c>released_at</c>, so nothing sweeps them.
/// </summary>
public sealed class HoldService(DbConnectionFactory connections, IdGenerator ids, TimeProvider time)
{
    public const int MaxUnits = 100;

    /// <summary>The most active holds <see cref="AvailabilityAsync"/> lists; its sums count them all.</summary>
    public const int MaxListed = 100;

    private const int MaxTextLength = 200;

    public static readonly TimeSpan MinDuration = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    /// <summary>
    /// Places a hold, or returns the one its key already placed (whatever its state now, and whatever this request
    /// asks). Refuses an unknown product (not found) and more units than are free (conflict, <c>hold_exceeds_stock</c>).
    /// </summary>
    public async Task<Result<HoldPlacement>> HoldAsync(Guid merchantId, HoldRequest request, CancellationToken cancellationToken)
    {
        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var placed = await PlaceAsync(connection, write.Transaction, merchantId, request, cancellationToken);
        if (placed.IsSuccess)
        {
            await write.CommitAsync(cancellationToken);
        }

        return placed;
    }

    /// <summary>
    /// <see cref="HoldAsync"/> inside the caller's write transaction (a series' event, which commits the hold with
    /// itself); the caller has validated nothing: this does. A refusal writes nothing.
    /// </summary>
    internal async Task<Result<HoldPlacement>> PlaceAsync(
        DbConnection connection, DbTransaction transaction, Guid merchantId, HoldRequest request, CancellationToken cancellationToken)
    {
        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        var now = time.GetUtcNow();
        if (await HoldStore.FindByKeyAsync(connection, transaction, merchantId, request.HoldKey, cancellationToken) is { } existing)
        {
            return new HoldPlacement(existing, Created: false);
        }

        if (await HoldStore.LockProductAsync(connection, transaction, connections.Dialect, merchantId, request.ProductId, cancellationToken) is not { } product)
        {
            return RestockErrors.HoldProductNotFound(request.ProductId);
        }

        // A concurrent retry of this key held the product's lock before us and has committed by now: look again.
        if (await HoldStore.FindByKeyAsync(connection, transaction, merchantId, request.HoldKey, cancellationToken) is { } replayed)
        {
            return new HoldPlacement(replayed, Created: false);
        }

        var free = Math.Max(0, product.Stock - await HoldStore.ActiveUnitsAsync(connection, transaction, product.Id, now, cancellationToken));
        if (request.Units > free)
        {
            return RestockErrors.NotEnoughToHold(request.ProductId, request.Units, free);
        }

        var hold = new Hold(ids.NewId(), merchantId, request.ProductId, request.Units, request.HoldKey, request.Holder, now, now + request.Duration, null);
        if (!await HoldStore.InsertAsync(connection, transaction, hold, product.Id, cancellationToken))
        {
            return new HoldPlacement((await HoldStore.FindByKeyAsync(connection, transaction, merchantId, request.HoldKey, cancellationToken))!, Created: false);
        }

        return new HoldPlacement(hold, Created: true);
    }

    /// <summary>Ends an active hold now, its units free at once; a hold already released or lapsed stays as it is.</summary>
    public async Task<Result<Hold>> ReleaseAsync(Guid merchantId, Guid holdId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE restock_holds SET released_at = @now WHERE id = @holdId AND merchant_id = @merchantId AND released_at IS NULL AND expires_at > @now",
            new { holdId, merchantId, now },
            write.Transaction,
            cancellationToken: cancellationToken));
        var hold = await HoldStore.GetAsync(connection, write.Transaction, merchantId, holdId, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return hold is null ? Error.NotFound("The hold") : hold;
    }

    /// <summary>
    /// Ends the hold a unit of <paramref name="productId"/> was just sold under (an order line carrying it), so the unit
    /// is not taken from the stock twice; a hold of another product, of another merchant, or no longer active is left
    /// as it is, which also makes an order's redelivery harmless. True when a hold ended.
    /// </summary>
    internal async Task<bool> SoldAsync(Guid merchantId, Guid holdId, string productId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var ended = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE restock_holds SET released_at = @now
            WHERE id = @holdId AND merchant_id = @merchantId AND released_at IS NULL AND expires_at > @now
              AND product_id = (SELECT id FROM restock_products WHERE merchant_id = @merchantId AND external_id = @productId)
            """,
            new { holdId, merchantId, productId, now },
            write.Transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return ended == 1;
    }

    /// <summary>The product's stock, the units its active holds take and what is left, as of now.</summary>
    public async Task<Result<ProductAvailability>> AvailabilityAsync(Guid merchantId, string productId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        var product = await connection.QuerySingleOrDefaultAsync<(Guid Id, long Stock)?>(new CommandDefinition(
            "SELECT id, available FROM restock_products WHERE merchant_id = @merchantId AND external_id = @productId",
            new { merchantId, productId },
            cancellationToken: cancellationToken));
        if (product is not { } p)
        {
            return RestockErrors.HoldProductNotFound(productId);
        }

        var held = await HoldStore.ActiveUnitsAsync(connection, null, p.Id, now, cancellationToken);
        var holds = (await connection.QueryAsync<Hold>(new CommandDefinition(
            $"""
            SELECT {Hold.Columns} FROM {Hold.From}
            WHERE h.product_id = @Id AND h.merchant_id = @merchantId AND h.expires_at > @now AND h.released_at IS NULL
            ORDER BY h.expires_at, h.id LIMIT @MaxListed
            """,
            new { p.Id, merchantId, now, MaxListed },
            cancellationToken: cancellationToken))).AsList();
        return new ProductAvailability(productId, p.Stock, held, Math.Max(0, p.Stock - held), holds);
    }

    private static Error? Validate(HoldRequest? request)
    {
        if (request is null)
        {
            return Error.Validation("request", "A hold request is required.");
        }

        if (request.Units is < 1 or > MaxUnits)
        {
            return Error.Validation("units", $"units must be between 1 and {MaxUnits}.");
        }

        if (request.Duration < MinDuration || request.Duration > MaxDuration)
        {
            return Error.Validation("duration", "A hold lasts from 1 minute to 24 hours.");
        }

        foreach (var (field, value) in new[] { ("productId", request.ProductId), ("holdKey", request.HoldKey), ("holder", request.Holder) })
        {
            if (string.IsNullOrWhiteSpace(value) || value.Length > MaxTextLength)
            {
                return Error.Validation(field, $"{field} is required (at most {MaxTextLength} characters).");
            }

            if (PlainText.Check(field, value) is { } error)
            {
                return error;
            }
        }

        return null;
    }
}
