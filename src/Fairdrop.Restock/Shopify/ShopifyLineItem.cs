using System.Text.Json;

namespace Fairdrop.Restock.Shopify;

/// <summary>One line of a Shopify order, with the line item properties the storefront's cart attached (a held unit's <c>_fairdrop_hold</c>).</summary>
internal sealed record ShopifyLineItem(long? VariantId, long Quantity, string? Price, IReadOnlyList<ShopifyLineProperty>? Properties = null)
{
    /// <summary>The line item property a storefront sets from a signed cart link's <c>fd_hold</c>: the hold the unit was bought under.</summary>
    public const string HoldProperty = "_fairdrop_hold";

    /// <summary>The hold this line was bought under, when the cart carried one that reads as a hold id.</summary>
    public Guid? Hold =>
        Properties?.FirstOrDefault(p => p.Name == HoldProperty) is { Value.ValueKind: JsonValueKind.String } property
        && Guid.TryParse(property.Value.GetString(), out var id) ? id : null;
}

/// <summary>A line item property: Shopify sends <c>{"name": …, "value": …}</c>; a value need not be a string.</summary>
internal sealed record ShopifyLineProperty(string? Name, JsonElement Value);
