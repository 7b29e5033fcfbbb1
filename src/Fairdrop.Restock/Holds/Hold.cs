namespace Fairdrop.Restock.Holds;

/// <summary>
/// Units of a product (<see cref="ProductId"/>, the merchant's id for it) held for one shopper until <see cref="ExpiresAt"/>,
/// unless released before. Only an active hold counts against the stock; an expired one needs no clean-up.
/// </summary>
public sealed record Hold(
    Guid Id, Guid MerchantId, string ProductId, long Units, string HoldKey, string Holder, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? ReleasedAt)
{
    internal const string Columns =
        "h.id AS Id, h.merchant_id AS MerchantId, p.external_id AS ProductId, h.units AS Units, h.hold_key AS HoldKey, h.holder AS Holder, h.created_at AS CreatedAt, h.expires_at AS ExpiresAt, h.released_at AS ReleasedAt";

    /// <summary>The holds with their product, whose external id is how the merchant and the series name it.</summary>
    internal const string From = "restock_holds h JOIN restock_products p ON p.id = h.product_id";
}
