using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Holds;
using Fairdrop.Restock.Inventory;
using Fairdrop.Restock.Waitlist;

namespace Fairdrop.Api.Restock;

/// <summary>Bulk catalog upsert.</summary>
internal sealed record ProductsRequest(IReadOnlyList<ProductInput>? Products);

/// <summary>A batch of inventory events.</summary>
internal sealed record InventoryRequest(IReadOnlyList<InventoryMessage>? Events);

/// <summary>A full inventory snapshot: product id → available, as of <see cref="TakenAt"/>.</summary>
internal sealed record SnapshotRequest(DateTimeOffset? TakenAt, IReadOnlyDictionary<string, long>? Available);

/// <summary>The storefront's subscribe call.</summary>
internal sealed record PublicSubscribeRequest(
    string? PublishableKey, string? ProductId, string? Channel, string? Contact, string? ConsentText, string? TimeZone, TimeOnly? QuietStart, TimeOnly? QuietEnd)
{
    /// <summary>The subscription asked for; the storefront never sets a priority tier.</summary>
    public SubscribeRequest ToSubscribeRequest() => new(ProductId, Channel, Contact, ConsentText, TimeZone, QuietStart, QuietEnd);
}

/// <summary>A subscription as the API shows it.</summary>
internal sealed record SubscriptionResponse(Guid Id, string Channel, string Contact, string Status, long Tier, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string? UnsubscribeToken)
{
    public static SubscriptionResponse From(Subscription s, bool withToken) =>
        new(s.Id, s.Channel, s.Contact, s.Status, s.Tier, s.CreatedAt, s.ExpiresAt, withToken ? s.UnsubscribeToken : null);
}

/// <summary>A purchase to attribute.</summary>
internal sealed record PurchaseRequest(string? OrderId, string? ProductId, long? Quantity, double? Revenue, string? Email, DateTimeOffset? PurchasedAt);

/// <summary>Settings shown to the merchant.</summary>
internal sealed record RestockSettingsResponse(string PublishableKey);

/// <summary>Setting the Shopify webhook secret.</summary>
internal sealed record ShopifySecretRequest(string? Secret);

/// <summary>The storefront origins allowed to call the public endpoint from a browser.</summary>
internal sealed record OriginsRequest(IReadOnlyList<string>? Origins);

/// <summary>A hold asked for through the API; what is missing is left for the hold service to refuse, naming the field.</summary>
internal sealed record HoldBody(int? Units, int? Minutes, string? HoldKey, string? Holder)
{
    public HoldRequest ToRequest(string productId) =>
        new(productId, Units ?? 0, TimeSpan.FromMinutes(Minutes ?? 0), HoldKey ?? string.Empty, Holder ?? string.Empty);
}
